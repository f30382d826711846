/**
 * The data Functions (/calls, /voicemail, /recording, /voicemail-delete, /voicemail-played,
 * /voicemail-handled, /team, /do-not-disturb) against strangers,
 * expired and foreign tokens, removed teammates, path tricks and fuzzed parameters, over the
 * simulator (real twilio-run, its REST API behind). Every request is refused cleanly: 401, 403,
 * 400 or 404 with the error table's words, never a 5xx, a stack trace, a secret, a Twilio URL or
 * another recording. Each test tallies its attempts as it makes them and asserts them at its end,
 * so a miss shows with its count, and every test fails by itself when its refusals break.
 */
import fc from 'fast-check';
import { startSimulator, type Simulator } from '../../simulator';
import { basicAuth } from '../support/fixtures';
import { checkProperty } from '../support/property';
import { RefusalTally } from '../support/refusals';
import { callTeam, phoneFor } from '../support/team-calls';
import { signJwt, tokenFor, tokenWith } from '../simulator/helpers';
import { assertHarmless, inParallel, oversizedHead, type Seen } from './hostile-http';
import { hostileHeaderValue, hostileText } from './hostile-values';

let sim: Simulator;
/** The team's one voicemail, and recordings of the account that are not team voicemails. */
let voicemail: string;
let decoys: Record<'teamCall' | 'conference' | 'unknownCall', string>;
const CALLER = '+12025550143';
const UNKNOWN_CALL = `CA${'1'.repeat(32)}`;
const TEAMMATES_CALL = `CA${'2'.repeat(32)}`;
const sent = new Map<string, number>();

/** What an answer must never carry besides assertHarmless' leaks: the account, Twilio's URLs, media. */
const TWILIO_TRACES = [/api\.twilio\.com/i, /\/2010-04-01\//, /AC[0-9a-f]{32}/, /RIFF|ID3/];

async function send(path: string, init: RequestInit = {}): Promise<Seen> {
  const route = path.split('?')[0];
  sent.set(route, (sent.get(route) ?? 0) + 1);
  const response = await fetch(`${sim.url}${path}`, { redirect: 'manual', ...init });
  const seen = { status: response.status, headers: response.headers, body: await response.text() };
  assertHarmless(seen, [sim.env.AUTH_TOKEN, sim.env.API_SECRET, ...Object.values(sim.passcodes)], `${init.method ?? 'GET'} ${path}`);
  if (seen.status !== 200 || !seen.headers.get('content-type')?.startsWith('audio/'))
    for (const trace of TWILIO_TRACES) if (trace.test(seen.body)) throw new Error(`${path} → ${seen.status} carries ${trace}: ${seen.body.slice(0, 300)}`);
  return seen;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const tone = (seconds: number) => Int16Array.from({ length: seconds * 8000 }, (_, i) => Math.round(6000 * Math.sin(i / 3)));

/** The endpoints as the page calls them, with `headers` and (for the two taking one) `id`. */
const ENDPOINTS: Record<string, (headers: Record<string, string>, id?: string) => Promise<Seen>> = {
  'GET /calls': (headers) => send('/calls', { headers }),
  'GET /voicemail': (headers) => send('/voicemail', { headers }),
  'GET /recording': (headers, id = voicemail) => send(`/recording?${new URLSearchParams({ id })}`, { headers }),
  'POST /voicemail-delete': (headers, id = voicemail) =>
    send('/voicemail-delete', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id }) }),
  'POST /voicemail-played': (headers, id = voicemail) =>
    send('/voicemail-played', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id }) }),
  'POST /voicemail-handled': (headers, id = voicemail) =>
    send('/voicemail-handled', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id, handled: 'true' }) }),
  'GET /team': (headers) => send('/team', { headers }),
  'POST /do-not-disturb': (headers) =>
    send('/do-not-disturb', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ on: 'true' }) }),
};

beforeAll(async () => {
  sim = await startSimulator();
  // A phone calls the team number (nobody answers: voicemail); <Record> would leave its message on
  // that call. The other recordings are on a teammate's call, a conference, a call nobody knows.
  const phone = await phoneFor(sim, CALLER);
  const inbound = await callTeam(sim, phone, CALLER);
  phone.close();
  const add = (callSid: string, source: 'RecordVerb' | 'Conference' = 'RecordVerb') => sim.recordings.add({ callSid, source, status: 'completed', startedAt: new Date(), pcm: tone(1) }).sid;
  voicemail = add(inbound);
  decoys = { teamCall: add(TEAMMATES_CALL), conference: add(inbound, 'Conference'), unknownCall: add(UNKNOWN_CALL) };
}, 60_000);

afterAll(async () => {
  console.log(`data endpoints: ${[...sent].map(([path, n]) => `${path}: ${n}`).join(', ')}`);
  await sim?.stop();
});

describe('strangers, expired and foreign tokens, removed teammates', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown>) => ({
    iss: sim.env.API_KEY,
    sub: sim.env.ACCOUNT_SID,
    iat: now() - 10,
    nbf: now() - 60,
    exp: now() + 600,
    grants: { identity: 'alice', voice: { incoming: { allow: true } } },
    ...overrides,
  });
  const header = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };
  const CREDENTIALS: [string, 401 | 403, string, () => Record<string, string>][] = [
    ['no Authorization', 401, 'SB_SESSION', () => ({})],
    ['a teammate`s passcode as Basic', 401, 'SB_SESSION', () => ({ Authorization: basicAuth('alice', sim.passcodes.alice) })],
    ['a Bearer of junk', 401, 'SB_SESSION', () => bearer('not.a.token')],
    ['an expired token', 401, 'SB_SESSION', () => bearer(tokenFor(sim, 'alice', -60))],
    ['a token signed with another secret', 401, 'SB_SESSION', () => bearer(tokenWith(sim, () => undefined, 'another-secret-0123456789abcdef'))],
    ['a token of another account', 401, 'SB_SESSION', () => bearer(signJwt(header, claims({ sub: `AC${'e5'.repeat(16)}` }), sim.env.API_SECRET))],
    ['a token of another API key', 401, 'SB_SESSION', () => bearer(signJwt(header, claims({ iss: `SK${'d4'.repeat(16)}` }), sim.env.API_SECRET))],
    [
      'an unsigned token (alg none)',
      401,
      'SB_SESSION',
      () => bearer(`${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims({}))).toString('base64url')}.`),
    ],
    ['a session past SESSION_MAX_HOURS', 401, 'SB_SESSION_OVER', () => bearer(signJwt(header, claims({ nbf: now() - 13 * 3600 }), sim.env.API_SECRET))],
    ['a teammate removed from TEAM', 403, 'SB_NOT_ON_TEAM', () => bearer(tokenFor(sim, 'dave'))],
  ];
  test.each(Object.keys(ENDPOINTS))('%s refuses every one with its status and code, no data; nothing is deleted', async (endpoint) => {
    const refusals = new RefusalTally(`${endpoint}: strangers and bad tokens`);
    for (const [name, status, code, headers] of CREDENTIALS) {
      const seen = await ENDPOINTS[endpoint](headers());
      const body = JSON.parse(seen.body);
      const refused = seen.status === status && body.error?.code === code && Object.keys(body).join() === 'error' && seen.headers.get('cache-control') === 'no-store';
      refusals.record(`${endpoint} with ${name}`, refused, `${seen.status} ${seen.body}`);
    }
    console.log(refusals.summary());
    refusals.assertAllRefused(CREDENTIALS.length);
    expect(sim.recordings.get(voicemail)).toBeDefined();
  });
});

describe('path tricks and other recordings', () => {
  const alice = () => bearer(tokenFor(sim, 'alice'));
  const IDS: [string, () => string][] = [
    ['../', () => '../'],
    ['../../etc/passwd', () => '../../etc/passwd'],
    ['RE…/Media', () => `${voicemail}/Media`],
    ['RE….mp3', () => `${voicemail}.mp3`],
    ['RE….json', () => `${voicemail}.json`],
    ['RE… in upper case', () => `RE${voicemail.slice(2).toUpperCase()}`],
    ['RE… with a space', () => ` ${voicemail}`],
    ['RE… with a NUL', () => `${voicemail}\u0000`],
    ['RE…?x=', () => `${voicemail}?x=1`],
    ['an unknown RE', () => `RE${'0'.repeat(32)}`],
    ['the voicemail`s CallSid', () => sim.calls()[0].sid],
    ['a recording of a teammate`s call', () => decoys.teamCall],
    ['a conference recording of the same inbound call', () => decoys.conference],
    ['a recording of a call the log does not have', () => decoys.unknownCall],
    ['empty', () => ''],
  ];
  /** Every recording of the account is still there: the voicemail and each one that is not a team voicemail. */
  const nothingDeleted = () => expect([voicemail, ...Object.values(decoys)].filter((sid) => !sim.recordings.get(sid))).toEqual([]);

  test.each(['GET /recording', 'POST /voicemail-delete'])('%s: every id that is not a team voicemail → 404 SB_NOT_FOUND, nothing served or deleted', async (endpoint) => {
    const refusals = new RefusalTally(`${endpoint}: ids that are not team voicemails`);
    for (const [name, id] of IDS) {
      const seen = await ENDPOINTS[endpoint](alice(), id());
      refusals.record(`${endpoint} ${name}`, seen.status === 404 && JSON.parse(seen.body).error.code === 'SB_NOT_FOUND', `${seen.status} ${seen.body}`);
    }
    console.log(refusals.summary());
    refusals.assertAllRefused(IDS.length);
    nothingDeleted();
  });

  test('ids as arrays, objects and JSON: the first text value or nothing, never another recording', async () => {
    const refusals = new RefusalTally('ids of other shapes');
    const alternatives: [string, () => Promise<Seen>][] = [
      ['?id twice, a decoy first', () => send(`/recording?id=${decoys.teamCall}&id=${voicemail}`, { headers: alice() })],
      ['a JSON object id', () => send('/voicemail-delete', { method: 'POST', headers: { ...alice(), 'Content-Type': 'application/json' }, body: JSON.stringify({ id: { sid: voicemail } }) })],
      [
        'a JSON array id, a decoy first',
        () => send('/voicemail-delete', { method: 'POST', headers: { ...alice(), 'Content-Type': 'application/json' }, body: JSON.stringify({ id: [decoys.teamCall, voicemail] }) }),
      ],
    ];
    for (const [name, request] of alternatives) {
      const seen = await request();
      refusals.record(name, seen.status === 404, `${seen.status} ${seen.body}`);
    }
    refusals.assertAllRefused(alternatives.length);
    nothingDeleted();
  });

  test('URL tricks around /recording never serve audio (`..` is resolved by the URL parser, to /voicemail)', async () => {
    const refusals = new RefusalTally('URL tricks');
    const paths = [`/recording/${voicemail}`, `/recording/../voicemail`, `/recording%2F..%2Fvoicemail`, `/recording.mp3?id=${voicemail}`, `//recording?id=${voicemail}`, `/Recording?id=${voicemail}`];
    for (const path of paths) {
      const seen = await send(path, { headers: alice() });
      // Refused, or (for `..`) answered by /voicemail: never audio.
      refusals.record(path, !seen.headers.get('content-type')?.startsWith('audio/') && (seen.status >= 400 || path.endsWith('/../voicemail')), `${seen.status} ${seen.headers.get('content-type')}`);
    }
    refusals.assertAllRefused(paths.length);
  });
});

describe('fuzzed parameters and headers', () => {
  const RUNS = 60;
  const BATCH = 8;
  const idLike = fc.oneof(
    hostileText,
    fc.string({ unit: fc.constantFrom(...'REre0123456789abcdef./%?&=#'), maxLength: 40 }).map((s) => `RE${s}`),
  );

  test('ids on /recording and /voicemail-delete, cursors on /calls: 400 or 404, never more; nothing deleted', async () => {
    const refusals = new RefusalTally('fuzzed ids and cursors');
    const token = tokenFor(sim, 'bob');
    await checkProperty(
      'data endpoint ids',
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('GET /recording', 'POST /voicemail-delete', 'GET /calls'), idLike), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await inParallel(
          batch.map(([endpoint, value]) => async () => {
            if (value === voicemail) return;
            const seen = endpoint === 'GET /calls' ? await send(`/calls?${new URLSearchParams({ before: value })}`, { headers: bearer(token) }) : await ENDPOINTS[endpoint](bearer(token), value);
            const expected = endpoint === 'GET /calls' ? (value === '' ? 200 : 400) : 404;
            // Node refuses a request head over 16 KiB before any Function runs.
            const refusedHead = seen.status === 431 && oversizedHead(`/calls?before=${encodeURIComponent(value.toWellFormed())}`, new Headers());
            refusals.record(`${endpoint} ${JSON.stringify(value)}`, seen.status === expected || refusedHead, `${seen.status} ${seen.body}`);
          }),
          BATCH,
        );
      }),
      { numRuns: RUNS },
    );
    console.log(refusals.summary());
    refusals.assertAllRefused();
    expect(sim.recordings.get(voicemail)).toBeDefined();
  }, 120_000);

  test('Authorization headers of every shape: 401, never data; nothing deleted', async () => {
    const refusals = new RefusalTally('fuzzed Authorization headers');
    await checkProperty(
      'data endpoint Authorization',
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom(...Object.keys(ENDPOINTS)),
            fc.oneof(
              hostileHeaderValue,
              hostileHeaderValue.map((v) => `Bearer ${v}`),
              fc.constantFrom('Bearer', 'Bearer ', 'bearer a.b.c', `Bearer ${'a'.repeat(5000)}.b.c`),
            ),
          ),
          { minLength: BATCH, maxLength: BATCH },
        ),
        async (batch) => {
          await inParallel(
            batch.map(([endpoint, authorization]) => async () => {
              const seen = await ENDPOINTS[endpoint](authorization ? { Authorization: authorization } : {});
              refusals.record(`${endpoint} Authorization ${JSON.stringify(authorization)}`, seen.status === 401 || (seen.status === 431 && authorization.length > 8000), `${seen.status} ${seen.body}`);
            }),
            BATCH,
          );
        },
      ),
      { numRuns: RUNS },
    );
    console.log(refusals.summary());
    refusals.assertAllRefused();
    expect(sim.recordings.get(voicemail)).toBeDefined();
  }, 120_000);
});
