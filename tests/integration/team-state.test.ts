/**
 * Sign-in throttling and revoked sessions over real HTTP: the built Functions in twilio-run, whose
 * `context.getTwilioClient()` reaches the simulator's Sync through its interception proxy, as
 * deployed Functions reach Twilio's. The Sync store's clock is the test's: the 15-minute windows
 * and Sync's rate limits move only when a test moves it.
 */
import type { LocalRuntime } from '../../build/local-runtime';
import { basicAuth, PASSCODES } from '../support/fixtures';
import { syncRuntimePerFile } from '../support/sync-runtime';
import { until } from '../support/until';

jest.setTimeout(60_000);

/** The Sync store's clock (ms). */
let now = Date.parse('2026-07-01T09:00:00Z');
const shared = syncRuntimePerFile(() => now);

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
  token?: string;
}

async function answer(response: Response): Promise<Answer> {
  const body = (await response.json()) as { token?: string; error?: { code: string } };
  return { status: response.status, code: body.error?.code, retryAfter: response.headers.get('retry-after'), token: body.token };
}

const runtime = (): LocalRuntime => shared().runtime;
const token = (authorization: string) => fetch(`${runtime().url}/token`, { headers: { Authorization: authorization, 'X-Requested-With': 'fetch' } }).then(answer);
const signIn = (identity: string, passcode: string) => token(basicAuth(identity, passcode));
const bearer = (jwt: string | undefined) => `Bearer ${jwt}`;
const post = (path: string, jwt: string | undefined, form: Record<string, string> = {}) =>
  fetch(`${runtime().url}${path}`, { method: 'POST', headers: { Authorization: bearer(jwt), 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) }).then(answer);
const get = (path: string, jwt: string | undefined) => fetch(`${runtime().url}${path}`, { headers: { Authorization: bearer(jwt) } }).then(answer);

/** Moves the Sync clock on far enough that no wait and no rate limit of an earlier test is left. */
beforeEach(() => {
  now += 24 * 3600 * 1000;
});

describe('sign-in throttling', () => {
  test('the 5th wrong passcode answers 429 with Retry-After; the right one is refused during the wait and works after it; bob is not touched', async () => {
    for (let i = 1; i < 5; i++) expect(await signIn('alice', `wrong-${i}`)).toEqual(expect.objectContaining({ status: 401, code: 'SB_AUTH' }));
    expect(await signIn('alice', 'wrong-5')).toEqual(expect.objectContaining({ status: 429, code: 'SB_SIGN_IN_WAIT', retryAfter: '60' }));
    now += 45_000;
    expect(await signIn('alice', PASSCODES.alice)).toEqual(expect.objectContaining({ status: 429, code: 'SB_SIGN_IN_WAIT', retryAfter: '15' }));
    expect((await signIn('bob', PASSCODES.bob)).status).toBe(200);
    now += 15_000;
    expect((await signIn('alice', PASSCODES.alice)).status).toBe(200);
    expect(
      shared()
        .sim.sync.documents(shared().serviceSid)
        .map((d) => d.unique_name),
    ).not.toContain('sign-in.alice');
    const line = await until(() => runtime().output.find((l) => l.includes('"sign-in-throttled"') && l.includes('"alice"')), 'the throttle log line', 5000, 20);
    expect(JSON.parse(line.slice(line.indexOf('{')))).toEqual({ event: 'sign-in-throttled', identity: 'alice', onTeam: true, waitSeconds: 60, until: expect.any(String) });
    expect(runtime().output.join('\n')).not.toMatch(/wrong-\d/);
  });

  test('an unknown name gets exactly the answers a teammate’s gets: /token never tells whether a name exists', async () => {
    const answers = { carol: [] as Answer[], nobody: [] as Answer[] };
    for (let i = 0; i < 6; i++) for (const name of ['carol', 'nobody'] as const) answers[name].push(await signIn(name, `guess-${i}`));
    expect(answers.nobody).toEqual(answers.carol);
    expect(answers.carol.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 429]);
  });

  test('a flood against one name past Sync’s limits: no guess gets through, not even the right one; teammates sign in and alice’s running session renews', async () => {
    const { sim, serviceSid } = shared();
    const running = await signIn('alice', PASSCODES.alice);
    // 300 wrong guesses: the first five are counted, then the name waits, and once its Document's
    // read budget (200 a burst; the clock stands still) is spent, Sync refuses and so does /token.
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const { status } = await signIn('alice', `guess-${i}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(statuses.get(200)).toBeUndefined();
    expect(Object.fromEntries(statuses)).toEqual({ 401: 4, 429: expect.any(Number), 503: expect.any(Number) });
    expect(await signIn('alice', PASSCODES.alice)).toEqual(expect.objectContaining({ status: 503, code: 'SB_STORE_UNAVAILABLE', retryAfter: '10' }));
    // Past its write limit too: the flood's writes (many instances racing) spend the Document's
    // write budget. Each holds a count of one failure, so alice is not waiting and every attempt
    // must write: a count that cannot be written is no answer, whichever passcode was sent.
    now += 60_000; // the read budget is back
    const oneFailure = { before: { recent: [], wait: 0, waitEnds: 0 } };
    for (let revision = String(sim.sync.document(serviceSid, 'sign-in.alice').revision); ;) {
      try {
        revision = String(sim.sync.updateDocument(serviceSid, 'sign-in.alice', { data: oneFailure, ifMatch: revision }).revision);
      } catch {
        break; // 429: past the write limit
      }
    }
    for (const passcode of [PASSCODES.alice, 'one-more-guess']) expect(await signIn('alice', passcode)).toEqual(expect.objectContaining({ status: 503, code: 'SB_STORE_UNAVAILABLE' }));
    // Nobody else is touched, and alice's running session renews without any passcode.
    expect((await signIn('bob', PASSCODES.bob)).status).toBe(200);
    expect((await signIn('carol', PASSCODES.carol)).status).toBe(200);
    const renewed = await token(bearer(running.token));
    expect(renewed.status).toBe(200);
    expect((await token(bearer(renewed.token))).status).toBe(200);
    // Once Sync's write budget refills, the right passcode signs alice in.
    now += 10_000;
    expect((await signIn('alice', PASSCODES.alice)).status).toBe(200);
  });

  test('Sync down: passcode sign-ins are refused with 503 and Retry-After, renewals go on', async () => {
    const { sim } = shared();
    const running = await signIn('bob', PASSCODES.bob);
    sim.sync.available = false;
    try {
      expect(await signIn('bob', PASSCODES.bob)).toEqual(expect.objectContaining({ status: 503, code: 'SB_STORE_UNAVAILABLE', retryAfter: '5' }));
      expect(await signIn('nobody', 'x')).toEqual(expect.objectContaining({ status: 503, code: 'SB_STORE_UNAVAILABLE' }));
      expect((await token(bearer(running.token))).status).toBe(200);
    } finally {
      sim.sync.available = true;
    }
    expect((await signIn('bob', PASSCODES.bob)).status).toBe(200);
  });
});

describe('sign out everywhere', () => {
  test('ends every session of that person, at renewal and at every data or control Function; a sign-in after works; others go on', async () => {
    const [first, second, bob] = [await signIn('carol', PASSCODES.carol), await signIn('carol', PASSCODES.carol), await signIn('bob', PASSCODES.bob)];
    const ended = await fetch(`${runtime().url}/sign-out-everywhere`, { method: 'POST', headers: { Authorization: bearer(second.token) } });
    expect(ended.status).toBe(200);
    const { identity, signedOutBefore } = (await ended.json()) as { identity: string; signedOutBefore: string };
    expect(identity).toBe('carol');
    for (const session of [first, second]) {
      expect(await token(bearer(session.token))).toEqual(expect.objectContaining({ status: 401, code: 'SB_SESSION_REVOKED' }));
      expect(await get('/voicemail', session.token)).toEqual(expect.objectContaining({ status: 401, code: 'SB_SESSION_REVOKED' }));
      expect(await get('/calls', session.token)).toEqual(expect.objectContaining({ status: 401, code: 'SB_SESSION_REVOKED' }));
      expect(await post('/call-control', session.token, { action: 'hold', callSid: `CA${'1'.repeat(32)}` })).toEqual(expect.objectContaining({ status: 401, code: 'SB_SESSION_REVOKED' }));
      expect(await post('/sign-out-everywhere', session.token)).toEqual(expect.objectContaining({ status: 401, code: 'SB_SESSION_REVOKED' }));
    }
    const again = await signIn('carol', PASSCODES.carol);
    expect(again.status).toBe(200);
    expect(JSON.parse(Buffer.from(again.token!.split('.')[1], 'base64url').toString()).nbf * 1000).toBeGreaterThanOrEqual(Date.parse(signedOutBefore));
    expect((await token(bearer(again.token))).status).toBe(200);
    expect((await token(bearer(bob.token))).status).toBe(200);
    expect((await post('/call-control', bob.token, { action: 'hold', callSid: `CA${'1'.repeat(32)}` })).code).not.toBe('SB_SESSION_REVOKED');
    const line = await until(() => runtime().output.find((l) => l.includes('"sessions-revoked"')), 'the revocation log line', 5000, 20);
    expect(JSON.parse(line.slice(line.indexOf('{')))).toEqual({ event: 'sessions-revoked', identity: 'carol', by: 'carol', before: signedOutBefore });
  });

  test('Sync down: nothing is ended, the page hears 503 with Retry-After, and the session goes on', async () => {
    const { sim } = shared();
    const session = await signIn('alice', PASSCODES.alice);
    sim.sync.available = false;
    try {
      expect(await post('/sign-out-everywhere', session.token)).toEqual(expect.objectContaining({ status: 503, code: 'SB_STORE_UNAVAILABLE', retryAfter: '5' }));
    } finally {
      sim.sync.available = true;
    }
    expect((await token(bearer(session.token))).status).toBe(200);
  });
});
