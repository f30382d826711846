/**
 * `npm run doctor` on real project layouts and against the simulator's REST API, reached by the
 * real `twilio` client through the simulator's interception proxy; every answer is checked against
 * Twilio's OpenAPI description.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPasscode } from '../../src/lib/config/passcodes';
import { ROOT } from '../../build/build';
import { runDoctor } from '../../tools/doctor';
import { SimAccount, type ApiKeyState, type ResourceState } from '../../simulator/rest/account';
import { RestSimulator } from '../support/rest-simulator';
import { makeProject, recordingIo } from './project';

const DOMAIN = 'switchboard-4321-dev.twil.io';
const NUMBER = '+14155550100';
/** What a built project has: the doctor checks the real build. */
const PROJECT = ['src', 'dist', 'package.json', '.twilioserverlessrc'];

let sim: RestSimulator;
let account: SimAccount;
let deployed: ReturnType<SimAccount['addServerlessService']>;
let key: ApiKeyState;
let app: ResourceState;
let number: ResourceState;
let syncServiceSid: string;
let env: Record<string, string>;
let hash: string;

beforeAll(async () => {
  hash = await hashPasscode('correct horse battery');
});

/** An account exactly as `npm run setup` leaves it, and the matching .env. */
beforeEach(async () => {
  account = new SimAccount({ friendlyName: 'Acme Support' });
  deployed = account.addServerlessService(DOMAIN);
  key = account.addKey();
  app = account.addApplication({ friendly_name: 'Switchboard', voice_url: `https://${DOMAIN}/voice`, voice_fallback_url: `https://${DOMAIN}/fallback`, status_callback: `https://${DOMAIN}/status` });
  number = account.addNumber(NUMBER, { voice_application_sid: app.sid, voice_url: '' });
  sim = await RestSimulator.start({ account });
  syncServiceSid = sim.sync.createService({ friendly_name: 'Switchboard' }).sid;
  env = {
    ACCOUNT_SID: account.sid,
    AUTH_TOKEN: account.state.authToken,
    API_KEY: key.sid,
    API_SECRET: key.secret,
    TWIML_APP_SID: app.sid,
    CALLER_ID: NUMBER,
    TEAM: `alice:${hash}`,
    SYNC_SERVICE_SID: syncServiceSid,
  };
});

afterEach(() => sim.stop());

function deployVariables(values = env): void {
  for (const [k, value] of Object.entries(values)) if (k !== 'ACCOUNT_SID' && k !== 'AUTH_TOKEN') account.addVariable(deployed.environmentSid, k, value);
}

/** Runs doctor on a project whose .env is `env` with `overrides` (undefined leaves a variable out). */
async function doctor(overrides: Record<string, string | undefined> = {}, options: { linked?: string[]; args?: string[]; region?: string } = {}) {
  const text = Object.entries({ ...env, ...overrides })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const p = makeProject(text, { account, ...deployed, region: options.region }, options.linked ?? PROJECT);
  const io = recordingIo();
  const ok = await runDoctor({ args: options.args ?? [], io, root: p.root, envPath: p.envPath, createClient: sim.clientFactory });
  return { ok, out: io.text(), problems: io.lines.filter((l) => l.startsWith('  ✗')) };
}

test('a healthy setup: every check passes, reading only', async () => {
  deployVariables();
  const { ok, out, problems } = await doctor();
  expect(problems).toEqual([]);
  expect(ok).toBe(true);
  expect(out).toContain('✓ Configuration reads cleanly: 1 on the team, caller ID +14155550100');
  // One per src/functions file plus the routing steps: every .js file of the build.
  const built = readdirSync(join(ROOT, 'dist', 'functions'), { recursive: true }).filter((f) => String(f).endsWith('.js')).length;
  expect(out).toMatch(new RegExp(`✓ dist has ${built} Functions and \\d+ assets; @twilio/runtime-handler pinned at 2\\.1\\.0`));
  expect(out).toContain(`✓ Token self-test: minted for alice and decoded: signed by ${key.sid}, account ${account.sid}, calls through ${app.sid}, 3600 s`);
  expect(out).toContain(`✓ API key ${key.sid} exists and API_SECRET signs in with it`);
  expect(out).toContain(`✓ TwiML App ${app.sid} sends calls to https://${DOMAIN}/voice, /fallback and /status (POST)`);
  expect(out).toContain(`✓ ${NUMBER} is on the account and rings the team through ${app.sid}`);
  expect(out).toContain(`✓ Sync Service ${syncServiceSid} (Switchboard) exists`);
  expect(out).toContain(`✓ The deployed environment (${DOMAIN}) has the variables of .env`);
  expect(out).toMatch(/No problems found\.$/);
  expect(sim.writes()).toEqual([]);
  expect(out).not.toContain(key.secret);
});

test('SIDs in the wrong variables are named with where they belong; live checks wait for an AC SID', async () => {
  const { ok, problems, out } = await doctor({ ACCOUNT_SID: key.sid, API_KEY: app.sid, CALLER_ID: `PN${'a'.repeat(32)}` });
  expect(ok).toBe(false);
  expect(problems).toEqual([
    '  ✗ ACCOUNT_SID: must be a AC SID: AC followed by 32 hex digits (this one starts with SK). An SK… SID is an API key: it belongs in API_KEY (its secret in API_SECRET). Fix the variable named in the message in .env (see .env.example), then restart or redeploy.',
    '  ✗ API_KEY: must be a SK SID: SK followed by 32 hex digits (this one starts with AP). An AP… SID is a TwiML App: it belongs in TWIML_APP_SID. Fix the variable named in the message in .env (see .env.example), then restart or redeploy.',
    `  ✗ CALLER_ID: must be an E.164 number such as +14155550100, not "PN${'a'.repeat(32)}". A PN… SID names a phone number; CALLER_ID and FORWARD_TO take the number itself, e.g. +14155550100. Fix the variable named in the message in .env (see .env.example), then restart or redeploy.`,
  ]);
  expect(out).toContain('! Skipped: needs ACCOUNT_SID and AUTH_TOKEN in .env.');
  expect(sim.requests).toEqual([]);
});

test('identities the Voice SDK refuses are reported per entry', async () => {
  deployVariables({ ...env, TEAM: `alice:${hash},bob.smith:${hash}` });
  const { problems } = await doctor({ TEAM: `alice:${hash},bob.smith:${hash}` });
  expect(problems).toEqual([expect.stringContaining("TEAM: entry 2 has no valid identity (1–64 letters, digits or _ before the ':')")]);
});

test('an API key that does not exist, and one made in another region', async () => {
  const missing = `SK${'0'.repeat(32)}`;
  expect((await doctor({ API_KEY: missing })).problems).toEqual([
    expect.stringContaining(`✗ API_KEY is not an API key of this account: ${missing} does not exist on ${account.sid}. Run \`npm run setup\``),
    expect.stringContaining('The deployed Functions run with other values than .env'),
  ]);

  const dublin = account.addKey('ie1');
  const { problems } = await doctor({ API_KEY: dublin.sid, API_SECRET: dublin.secret });
  expect(problems[0]).toBe(
    `  ✗ API_KEY is not an API key of this account: ${dublin.sid} was made in ie1, but REGION is unset (us1). Run \`npm run setup\` to create one, or set REGION to the region the key was made in. Set REGION=ie1.`,
  );
  // Asked in ie1 with the key itself: regions do not share credentials.
  expect(sim.requests.some((r) => r.host === 'api.dublin.ie1.twilio.com' && r.user === dublin.sid)).toBe(true);
});

test('an API_SECRET that does not belong to the key', async () => {
  deployVariables({ ...env, API_SECRET: 'wrong' });
  const { problems } = await doctor({ API_SECRET: 'wrong' });
  expect(problems).toEqual([
    `  ✗ API_SECRET does not belong to API_KEY: Twilio refused ${key.sid} with this secret. Run \`npm run setup\`: it makes a new key and writes both (a secret is shown only once).`,
  ]);
});

test('a TwiML App pointing elsewhere and a number that does not use it', async () => {
  deployVariables();
  Object.assign(app, { voice_url: 'https://old-1111-dev.twil.io/voice', status_callback_method: 'GET' });
  Object.assign(number, { voice_application_sid: null, voice_url: 'https://ivr.example.com/answer' });
  const { problems } = await doctor();
  expect(problems).toEqual([
    `  ✗ The TwiML App does not point at the deployed Functions: Voice URL is https://old-1111-dev.twil.io/voice, should be https://${DOMAIN}/voice; Status Callback method is GET, should be POST. Run \`npm run setup\` to set its Voice, Fallback and Status URLs.`,
    `  ✗ The team number does not use the TwiML App: ${NUMBER} is answered by https://ivr.example.com/answer. Run \`npm run setup\` so inbound calls ring the team.`,
  ]);
});

test('a TwiML App that is gone (20404)', async () => {
  const gone = `AP${'0'.repeat(32)}`;
  const { problems } = await doctor({ TWIML_APP_SID: gone });
  expect(problems[0]).toBe(
    `  ✗ Twilio could not find that resource: TWIML_APP_SID ${gone} is not on this account. Check the SID in .env; run \`npm run doctor\` to see which one is missing. \`npm run setup\` creates the app.`,
  );
});

test('CALLER_ID neither owned nor verified (13214); a trial account reaches verified numbers only (21219)', async () => {
  deployVariables({ ...env, CALLER_ID: '+14155550199' });
  account.state.type = 'Trial';
  const { problems, out } = await doctor({ CALLER_ID: '+14155550199' });
  expect(problems).toEqual([
    '  ✗ The caller ID is not allowed: CALLER_ID +14155550199 is neither a number on this account nor a verified caller ID. CALLER_ID must be a Twilio number on this account or a verified caller ID. (Twilio error 13214)',
  ]);
  expect(out).toContain('! Trial accounts can only call verified numbers. Verify the number in the Console or upgrade the account. (Twilio error 21219: trial account)');

  account.addCallerId('+14155550199');
  const verified = await doctor({ CALLER_ID: '+14155550199' });
  expect(verified.problems).toEqual([]);
  expect(verified.out).toContain('! +14155550199 is a verified caller ID, not a Twilio number');
});

test('deployed variables that differ from .env', async () => {
  deployVariables({ ...env, CALLER_ID: '+14155550111', TEAM: 'x' });
  const { problems } = await doctor();
  expect(problems).toEqual([
    `  ✗ The deployed Functions run with other values than .env: CALLER_ID, TEAM differ on ${DOMAIN}. Run \`npm run setup\` (it updates them in place) or \`npm run deploy\`.`,
  ]);
});

test('without SYNC_SERVICE_SID calls work: a note with the fix, no problem', async () => {
  const { SYNC_SERVICE_SID: _unset, ...withoutSync } = env;
  deployVariables(withoutSync);
  const { ok, out } = await doctor({ SYNC_SERVICE_SID: undefined });
  expect(ok).toBe(true);
  expect(out).toContain('  ! SYNC_SERVICE_SID is not set: calls work, but the team has no shared state on Twilio Sync. `npm run setup` creates the Sync Service.');
  expect(sim.requests.some((r) => r.host === 'sync.twilio.com')).toBe(false);
});

test('a SYNC_SERVICE_SID that is not a Sync Service of the account is a problem with its fix', async () => {
  const gone = `IS${'0'.repeat(32)}`;
  deployVariables({ ...env, SYNC_SERVICE_SID: gone });
  const { problems } = await doctor({ SYNC_SERVICE_SID: gone });
  expect(problems).toEqual([
    `  ✗ SYNC_SERVICE_SID is not a Sync Service of this account: ${gone} is not on ${account.sid}. Run \`npm run setup\`: it creates the Sync Service (or reuses the one named "Switchboard") and writes SYNC_SERVICE_SID.`,
  ]);
});

test('a Sync Service SID in another variable is named as one', async () => {
  const { problems } = await doctor({ TWIML_APP_SID: syncServiceSid }, { args: ['--offline'] });
  expect(problems).toEqual([
    expect.stringContaining('TWIML_APP_SID: must be a AP SID: AP followed by 32 hex digits (this one starts with IS). An IS… SID is a Sync Service: it belongs in SYNC_SERVICE_SID.'),
  ]);
});

test('bad credentials are explained (20003) and stop the live checks', async () => {
  const { problems } = await doctor({ AUTH_TOKEN: '0'.repeat(32) });
  expect(problems).toEqual(['  ✗ Twilio rejected the account credentials (Twilio error 20003). Check ACCOUNT_SID and AUTH_TOKEN in .env (Console → Account → API keys & tokens).']);
  expect(sim.requests).toHaveLength(1);
});

test('before deploy: a missing build and an unpinned @twilio/runtime-handler', async () => {
  const { problems } = await doctor({}, { linked: ['src', 'package.json', '.twilioserverlessrc'], args: ['--offline'] });
  expect(problems).toEqual([expect.stringMatching(/^ {2}✗ There is no build to deploy: dist has no .*\/dial-complete \(protected\), .*\/voice \(protected\).*\. Run `npm run build`/)]);

  const p = makeProject(`ACCOUNT_SID=${account.sid}`, undefined, ['src', 'dist', '.twilioserverlessrc']);
  writeFileSync(join(p.root, 'package.json'), JSON.stringify({ dependencies: { '@twilio/runtime-handler': '^2.1.0', twilio: '6.2.0' } }));
  const io = recordingIo();
  await runDoctor({ args: ['--offline'], io, root: p.root, envPath: p.envPath, createClient: sim.clientFactory });
  expect(io.lines).toContainEqual(expect.stringMatching(/✗ @twilio\/runtime-handler is not pinned: package\.json asks for "\^2\.1\.0"/));
});

test('ALLOWED_COUNTRIES with a code no number has (UK for GB) is a problem with its fix', async () => {
  deployVariables({ ...env, ALLOWED_COUNTRIES: 'US,UK' });
  const { ok, problems } = await doctor({ ALLOWED_COUNTRIES: 'US,UK' }, { args: ['--offline'] });
  expect(ok).toBe(false);
  expect(problems).toEqual([expect.stringMatching(/ALLOWED_COUNTRIES: has codes no phone number has: UK \(the United Kingdom is GB\)/)]);
});

test('routing.json: read cleanly, or each problem named with its field and fix (teammates checked against TEAM)', async () => {
  const check = async (routing?: object) => {
    const text = Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    const p = makeProject(text, undefined, PROJECT);
    if (routing) writeFileSync(join(p.root, 'routing.json'), JSON.stringify(routing));
    const io = recordingIo();
    const ok = await runDoctor({ args: ['--offline'], io, root: p.root, envPath: p.envPath, createClient: sim.clientFactory });
    return { ok, out: io.text(), problems: io.lines.filter((l) => l.startsWith('  ✗')) };
  };
  expect((await check()).out).toMatch(/✓ No routing\.json: every call to the team number rings everyone/);
  const good = await check({ timeZone: 'Europe/London', groups: { sales: ['alice'] }, menu: { prompt: 'Press 1 for sales.', options: { '1': 'sales' } }, hours: { mon: '09:00-17:00' } });
  expect([good.ok, good.problems]).toEqual([true, []]);
  expect(good.out).toMatch(/✓ routing\.json reads cleanly: 1 group\(s\), a menu of 1 key\(s\), hours in Europe\/London/);
  const bad = await check({
    timeZone: 'Mars/Olympus',
    groups: { sales: ['alice', 'dave'], everyone: ['alice'] },
    menu: { prompt: 'Hi', options: { '1': 'billing' } },
    hours: { mon: '9-5' },
    holidays: ['2026-13-01'],
  });
  expect(bad.ok).toBe(false);
  expect(bad.problems).toEqual([
    expect.stringMatching(/✗ routing\.json timeZone: must be an IANA time zone/),
    expect.stringMatching(/✗ routing\.json groups\.sales\[1\]: "dave" is not on TEAM; add them with `npm run team -- add dave`/),
    expect.stringMatching(/✗ routing\.json groups\.everyone: "everyone" is reserved/),
    expect.stringMatching(/✗ routing\.json menu\.options\.1: "billing" points nowhere/),
    expect.stringMatching(/✗ routing\.json hours\.mon: must be HH:MM-HH:MM/),
    expect.stringMatching(/✗ routing\.json holidays\[0\]: must be a date written YYYY-MM-DD/),
  ]);
});
