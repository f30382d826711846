/**
 * `npm run setup` against the simulator's REST API (its account, Serverless and Sync resources),
 * reached by the real `twilio` client through the simulator's interception proxy; every answer is
 * checked against Twilio's OpenAPI description.
 */
import { hashPasscode } from '../../src/lib/config/passcodes';
import { runSetup } from '../../tools/setup';
import { SimAccount, type ResourceState } from '../../simulator/rest/account';
import { RestSimulator } from '../support/rest-simulator';
import { makeProject, recordingIo, type TestProject } from './project';

const DOMAIN = 'switchboard-4321-dev.twil.io';
const NUMBER = '+14155550100';
const WEBHOOKS = {
  VoiceUrl: `https://${DOMAIN}/voice`,
  VoiceMethod: 'POST',
  VoiceFallbackUrl: `https://${DOMAIN}/fallback`,
  VoiceFallbackMethod: 'POST',
  StatusCallback: `https://${DOMAIN}/status`,
  StatusCallbackMethod: 'POST',
};

let sim: RestSimulator;
let account: SimAccount;
let deployed: ReturnType<SimAccount['addServerlessService']>;
let teamLine: string;

beforeAll(async () => {
  teamLine = `TEAM=alice:${await hashPasscode('correct horse battery')}`;
});

beforeEach(async () => {
  account = new SimAccount({ friendlyName: 'Acme Support' });
  deployed = account.addServerlessService(DOMAIN);
  sim = await RestSimulator.start({ account });
});

afterEach(() => sim.stop());

const deployedVariables = () => account.environment(deployed.environmentSid)!.variables;

/** A `.env` as a user keeps it: comments, blank lines, a variable Switchboard does not know. */
function userEnv(extra = ''): string {
  return ['# My Twilio account', `ACCOUNT_SID=${account.sid}`, `AUTH_TOKEN=${account.state.authToken}`, '', '# unrelated to Switchboard', 'MY_OWN_SETTING=keep me', teamLine, extra].join('\n');
}

function project(envText = userEnv()): TestProject {
  return makeProject(envText, { account, ...deployed });
}

function setup(p: TestProject, args: string[] = [], io = recordingIo()) {
  return runSetup({ args, io, root: p.root, envPath: p.envPath, createClient: sim.clientFactory, env: {} });
}

const api = (path = '') => `api.twilio.com /2010-04-01/Accounts/${account.sid}${path}`;
const variables = () => `serverless.twilio.com /v1/Services/${deployed.serviceSid}/Environments/${deployed.environmentSid}/Variables`;
const syncServices = (path = '') => `sync.twilio.com /v1/Services${path}`;

test('a fresh account: creates the key, the app and the Sync Service, points the number, writes .env and the deployed variables', async () => {
  const number = account.addNumber(NUMBER);
  const p = project();
  const io = recordingIo();
  await expect(setup(p, [], io)).resolves.toBe(true);

  const app = account.state.applications[0];
  const key = account.state.keys[0];
  expect(sim.summary()).toEqual([
    `GET ${api('.json')}`,
    `GET serverless.twilio.com /v1/Services/${deployed.serviceSid}/Environments`,
    `POST ${api('/Keys.json')}`,
    `GET ${api('/Applications.json')}`,
    `POST ${api('/Applications.json')}`,
    `GET ${api('/IncomingPhoneNumbers.json')}`,
    `POST ${api(`/IncomingPhoneNumbers/${number.sid}.json`)}`,
    `GET ${syncServices()}`,
    `POST ${syncServices()}`,
    `GET ${variables()}`,
    ...Array(7).fill(`POST ${variables()}`),
  ]);
  const [, , createKey, findApp, createApp, , pointNumber, , createSyncService] = sim.requests;
  expect(createKey.form).toEqual({ FriendlyName: 'Switchboard' });
  expect(findApp.query).toMatchObject({ FriendlyName: 'Switchboard' });
  expect(createApp.form).toEqual({ FriendlyName: 'Switchboard', ...WEBHOOKS });
  expect(pointNumber.form).toEqual({ VoiceApplicationSid: app.sid });
  expect(createSyncService.form).toEqual({ FriendlyName: 'Switchboard' });
  expect(number.voice_application_sid).toBe(app.sid);
  const [syncService] = sim.sync.services();
  expect(syncService.friendly_name).toBe('Switchboard');

  const env = p.readEnv();
  expect(env).toContain('# My Twilio account\n');
  expect(env).toContain('# unrelated to Switchboard\nMY_OWN_SETTING=keep me\n');
  expect(env).toContain(`API_KEY=${key.sid}\n`);
  expect(env).toContain(`API_SECRET=${key.secret}\n`);
  expect(env).toContain(`TWIML_APP_SID=${app.sid}\n`);
  expect(env).toContain(`CALLER_ID=${NUMBER}\n`);
  expect(env).toContain(`SYNC_SERVICE_SID=${syncService.sid}\n`);
  // The deployed environment gets what deploy uploads: everything but the runtime's own credentials.
  const uploaded = Object.fromEntries(deployedVariables().map((v) => [v.key, v.value]));
  expect(Object.keys(uploaded).sort()).toEqual(['API_KEY', 'API_SECRET', 'CALLER_ID', 'MY_OWN_SETTING', 'SYNC_SERVICE_SID', 'TEAM', 'TWIML_APP_SID']);
  expect(uploaded.API_SECRET).toBe(key.secret);
  expect(uploaded.SYNC_SERVICE_SID).toBe(syncService.sid);
  // Secrets never reach the terminal.
  expect(io.text()).not.toContain(key.secret);
  expect(io.text()).not.toContain(account.state.authToken);
  expect(io.text()).toMatch(/Done: 5 change\(s\)\. Open https:\/\/switchboard-4321-dev\.twil\.io\/ and sign in\./);

  // A second run finds everything in place: reads only, and says so.
  sim.requests.length = 0;
  const again = recordingIo();
  await setup(p, [], again);
  expect(sim.writes()).toEqual([]);
  expect(sim.summary()).toEqual([
    `GET ${api('.json')}`,
    `GET serverless.twilio.com /v1/Services/${deployed.serviceSid}/Environments`,
    `GET ${api(`/Keys/${key.sid}.json`)}`,
    `GET ${api('.json')}`,
    `GET ${api(`/Applications/${app.sid}.json`)}`,
    `GET ${api('/IncomingPhoneNumbers.json')}`,
    `GET ${syncServices(`/${syncService.sid}`)}`,
    `GET ${variables()}`,
  ]);
  expect(sim.requests[3].user).toBe(key.sid); // the secret is checked by signing in with the key
  expect(sim.requests[5].query).toMatchObject({ PhoneNumber: NUMBER });
  expect(again.text()).toContain('Nothing to change: everything is already set up.');
  expect(p.readEnv()).toBe(env);
});

test('a half-configured account: reuses the key and the Sync Service named Switchboard, updates the app left on an old domain, points the number', async () => {
  const key = account.addKey();
  const app = account.addApplication({ friendly_name: 'Switchboard', voice_url: 'https://switchboard-1111-dev.twil.io/voice' });
  const number = account.addNumber(NUMBER);
  sim.sync.createService({ friendly_name: 'Other app' });
  const syncService = sim.sync.createService({ friendly_name: 'Switchboard' });
  const envText = userEnv(`API_KEY=${key.sid}\nAPI_SECRET=${key.secret}\nTWIML_APP_SID=${app.sid}\nCALLER_ID=${NUMBER}\n`);
  const p = project(envText);
  // What the last deploy uploaded.
  for (const [k, value] of Object.entries({ API_KEY: key.sid, API_SECRET: key.secret, TWIML_APP_SID: app.sid, CALLER_ID: NUMBER, MY_OWN_SETTING: 'keep me', TEAM: teamLine.slice(5) })) {
    account.addVariable(deployed.environmentSid, k, value);
  }
  const io = recordingIo();
  await setup(p, [], io);

  expect(sim.writes().map((r) => `${r.method} ${r.host} ${r.path}`)).toEqual([
    `POST ${api(`/Applications/${app.sid}.json`)}`,
    `POST ${api(`/IncomingPhoneNumbers/${number.sid}.json`)}`,
    `POST ${variables()}`,
  ]);
  expect(sim.writes()[0].form).toEqual(WEBHOOKS);
  expect(sim.writes()[2].form).toEqual({ Key: 'SYNC_SERVICE_SID', Value: syncService.sid });
  expect(app.voice_url).toBe(`https://${DOMAIN}/voice`);
  expect(number.voice_application_sid).toBe(app.sid);
  expect(account.state.keys).toHaveLength(1);
  expect(sim.sync.services()).toHaveLength(2);
  expect(p.readEnv()).toBe(`${envText}SYNC_SERVICE_SID=${syncService.sid}\n`); // only what was found
  expect(io.text()).toContain(`API key: ${key.sid} (Switchboard) reused`);
  expect(io.text()).toContain(`Sync Service: ${syncService.sid} (Switchboard) reused; SYNC_SERVICE_SID written to .env`);
  expect(io.text()).toContain('was https://switchboard-1111-dev.twil.io/voice');
});

test('a SYNC_SERVICE_SID that is gone: a new Sync Service, and the reason said', async () => {
  account.addNumber(NUMBER);
  const gone = `IS${'0'.repeat(32)}`;
  const p = project(userEnv(`SYNC_SERVICE_SID=${gone}`));
  const io = recordingIo();
  await setup(p, [], io);
  const [created] = sim.sync.services();
  expect(sim.summary().filter((r) => r.startsWith('GET sync') || r.startsWith('POST sync'))).toEqual([`GET ${syncServices(`/${gone}`)}`, `GET ${syncServices()}`, `POST ${syncServices()}`]);
  expect(io.text()).toContain(`✓ Sync Service: created ${created.sid} (${gone} is not on this account); SYNC_SERVICE_SID written to .env`);
  expect(p.readEnv()).toContain(`SYNC_SERVICE_SID=${created.sid}\n`);
  expect(p.readEnv()).not.toContain(gone);
});

test('a wrong API_SECRET gets a new key instead of a broken one', async () => {
  const key = account.addKey();
  account.addNumber(NUMBER);
  const p = project(userEnv(`API_KEY=${key.sid}\nAPI_SECRET=not-the-secret\n`));
  const io = recordingIo();
  await setup(p, [], io);
  expect(account.state.keys).toHaveLength(2);
  expect(p.readEnv()).toContain(`API_SECRET=${account.state.keys[1].secret}\n`);
  expect(io.text()).toContain(`API_SECRET does not match ${key.sid}`);
});

test('bad credentials: one request, the 20003 explained, nothing written', async () => {
  const p = project(userEnv().replace(account.state.authToken, '0'.repeat(32)));
  const before = p.readEnv();
  await expect(setup(p)).rejects.toThrow(/No Twilio account credentials: Twilio refused ACCOUNT_SID\/AUTH_TOKEN \(error 20003\)\. Put ACCOUNT_SID and AUTH_TOKEN/);
  expect(sim.summary()).toEqual([`GET ${api('.json')}`]);
  expect(p.readEnv()).toBe(before);
});

test('missing credentials and a SID in the wrong variable are named before any request', async () => {
  await expect(setup(makeProject('# empty\n'))).rejects.toThrow(/ACCOUNT_SID or AUTH_TOKEN is missing/);
  await expect(setup(makeProject(`ACCOUNT_SID=SK${'a'.repeat(32)}\nAUTH_TOKEN=x\n`))).rejects.toThrow(/ACCOUNT_SID must start with AC \(this one starts with SK\)/);
  expect(sim.requests).toEqual([]);
});

test('not deployed yet: says to deploy first (or pass --domain)', async () => {
  const p = makeProject(userEnv());
  await expect(setup(p)).rejects.toThrow(/Switchboard is not deployed yet: no \.twiliodeployinfo for this account\. Run `npm run deploy` first, or pass --domain/);
  await expect(setup(p, ['--domain', 'not a domain'])).rejects.toThrow(/is not a host name/);
});

test('no numbers on the account: explains how to get one, and keeps the key it made', async () => {
  const p = project();
  await expect(setup(p)).rejects.toThrow(/The account has no phone number\. Buy a voice-capable number/);
  expect(p.readEnv()).toContain(`API_SECRET=${account.state.keys[0].secret}\n`);
});

test('a number that is not on the account, and one that is only a verified caller ID', async () => {
  account.addNumber('+14155550111');
  const p = project();
  await expect(setup(p, ['--number', '+14155550199'])).rejects.toThrow(
    /^That number is not on this account: \+14155550199\. Pass --number with one of the account's numbers, or set CALLER_ID to it\.\n {2}The account has:\n {2}\+14155550111$/,
  );

  account.addCallerId('+14155550199');
  const io = recordingIo();
  await setup(p, ['--number', '+14155550199'], io);
  expect(io.text()).toMatch(/! \+14155550199 is a verified caller ID, not a Twilio number/);
  expect(p.readEnv()).toContain('CALLER_ID=+14155550199\n');
});

test('the number is looked up exactly, though Twilio also matches partial numbers', async () => {
  account.addNumber(`+44${NUMBER.slice(1)}`); // its digits contain NUMBER's
  const number = account.addNumber(NUMBER);
  await setup(project(userEnv(`CALLER_ID=${NUMBER}`)));
  expect(number.voice_application_sid).toBe(account.state.applications[0].sid);
  expect(account.state.incomingPhoneNumbers[0].voice_application_sid).toBeNull();
});

describe('a number that another app answers', () => {
  let other: ResourceState;
  let number: ResourceState;
  beforeEach(() => {
    other = account.addApplication({ friendly_name: 'IVR', voice_url: 'https://ivr.example.com/answer' });
    number = account.addNumber(NUMBER, { voice_application_sid: other.sid, voice_url: '' });
  });

  test('without a terminal setup refuses, names the flag, and leaves the number alone', async () => {
    const p = project(userEnv(`MY_NUMBER=${NUMBER}`));
    await expect(setup(p, ['--number', NUMBER])).rejects.toThrow(new RegExp(`It already serves something else: \\${NUMBER} is answered by the TwiML App ${other.sid}\\. .*--force`));
    expect(number.voice_application_sid).toBe(other.sid);
    expect(sim.writes().some((r) => r.path.includes(number.sid))).toBe(false);
    expect(p.readEnv()).not.toContain('CALLER_ID='); // not the team number until it rings the team
  });

  test('on a terminal it asks; yes re-points it', async () => {
    const io = recordingIo(['y']);
    await setup(project(userEnv(`CALLER_ID=${NUMBER}`)), [], io);
    expect(io.questions).toEqual([`${NUMBER} is answered by the TwiML App ${other.sid}. Re-point it to Switchboard? [y/N]`]);
    expect(number.voice_application_sid).toBe(account.state.applications[1].sid);
  });

  test('--force re-points it without asking', async () => {
    await setup(project(userEnv(`CALLER_ID=${NUMBER}`)), ['--force']);
    expect(number.voice_application_sid).toBe(account.state.applications[1].sid);
  });
});

test('--dry-run prints the plan and writes nothing', async () => {
  account.addNumber(NUMBER);
  const p = project();
  const before = p.readEnv();
  const io = recordingIo();
  await setup(p, ['--dry-run'], io);
  expect(sim.writes()).toEqual([]);
  expect(p.readEnv()).toBe(before);
  expect(io.lines).toEqual([
    'Switchboard setup (dry run: nothing is changed)',
    `✓ Credentials: Acme Support (${account.sid}, Full account)`,
    `✓ Deployed domain: ${DOMAIN} (from .twiliodeployinfo)`,
    '→ would create a Standard API key "Switchboard" (none in .env) and write API_KEY, API_SECRET',
    `→ would create the TwiML App "Switchboard": Voice https://${DOMAIN}/voice, Fallback https://${DOMAIN}/fallback, Status https://${DOMAIN}/status (all POST), and write TWIML_APP_SID`,
    `→ would point ${NUMBER} at the new TwiML App and write CALLER_ID`,
    '→ would create the Sync Service "Switchboard" (none in .env) and write SYNC_SERVICE_SID',
    '✓ Team: alice',
    `→ would set MY_OWN_SETTING, TEAM, API_KEY, API_SECRET, TWIML_APP_SID, CALLER_ID, SYNC_SERVICE_SID on the deployed environment ${deployed.environmentSid}`,
    'Dry run: 5 change(s) planned, nothing written. Run `npm run setup` to apply them.',
  ]);
});

test('pages through every number of a large account and lists them when the choice is ambiguous', async () => {
  for (let i = 0; i < 120; i++) account.addNumber(`+1415555${String(1000 + i)}`);
  const p = project();
  await expect(setup(p)).rejects.toThrow(
    /^The account has several numbers: 120 of them\. Choose the team's number: `npm run setup -- --number \+1…` \(or set CALLER_ID\)\.\n {2}\+14155551000\n(.|\n)* {2}\+14155551119$/,
  );
  expect(sim.summary().filter((r) => r.includes('IncomingPhoneNumbers'))).toHaveLength(3);

  // On a terminal it asks which one.
  const io = recordingIo(['120']);
  await setup(p, [], io);
  expect(account.state.incomingPhoneNumbers[119].voice_application_sid).toBe(account.state.applications[0].sid);
  expect(p.readEnv()).toContain('CALLER_ID=+14155551119\n');
});

test('warns (82006) when the environment would exceed 3 KB, and about a value over 450 bytes', async () => {
  account.addNumber(NUMBER);
  const big = Array.from({ length: 8 }, (_, i) => `NOTES_${i}=${'x'.repeat(400)}`).join('\n');
  const io = recordingIo();
  await setup(project(userEnv(`${big}\nLONG_ONE=${'y'.repeat(500)}`)), ['--dry-run'], io);
  expect(io.text()).toMatch(
    /! The Function's environment is larger than 3 KB\. Shorten TEAM or other variables; Twilio refuses a larger environment\. \(Twilio error 82006: about \d{4} of 3072 bytes\)/,
  );
  expect(io.text()).toContain('LONG_ONE has 500 bytes');
  expect(io.text()).not.toContain('NOTES_0 has');
});

test('REGION=ie1 sends every request to the ie1 API and makes the key there', async () => {
  account.addNumber(NUMBER);
  const p = makeProject(userEnv('REGION=ie1'), { account, ...deployed, region: 'ie1' });
  await setup(p);
  expect(new Set(sim.requests.map((r) => r.host))).toEqual(new Set(['api.dublin.ie1.twilio.com', 'serverless.dublin.ie1.twilio.com', 'sync.dublin.ie1.twilio.com']));
  expect(account.state.keys[0].region).toBe('ie1');
});

test('an empty team: asks for the first member on a terminal, warns without one', async () => {
  account.addNumber(NUMBER);
  const noTeam = userEnv().replace(teamLine, '');
  const warned = recordingIo();
  await setup(project(noTeam), ['--dry-run'], warned);
  expect(warned.text()).toContain('! TEAM is empty: nobody can sign in yet. Add yourself with `npm run team -- add <identity>`.');

  const p = project(noTeam);
  await setup(p, [], recordingIo(['bob']));
  expect(p.readEnv()).toMatch(/\nTEAM=bob:scrypt\$[\w-]+\$[\w-]{43}\n/);
  expect(deployedVariables().find((v) => v.key === 'TEAM')?.value).toMatch(/^bob:scrypt\$/);
});
