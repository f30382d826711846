/**
 * Sessions that can be revoked (src/lib/auth/session-revocation.ts) against the simulator's Sync,
 * through the real `twilio` client: a revocation ends the sessions that started before it and
 * no other, never moves back, survives Sync going down once seen, and a Sync that cannot be read
 * lets sessions go on (logged). Tokens are signed by hand (tests/support/jwt.ts); the revocation's
 * moment is given to the code, so nothing here depends on the wall clock but the tokens' lifetime.
 */
import { SyncStore } from '../../simulator/rest/sync-store';
import { checkSession, isRevoked, revokeSessions, untilRevocationHolds } from '../../src/lib/auth/session-revocation';
import { readConfig, type Config } from '../../src/lib/config/config';
import { TeamStore } from '../../src/lib/store/team-store';
import { answerLinkRequest } from '../../src/lib/endpoints/data-endpoint';
import { recordingLink } from '../../src/lib/recording/recording-link';
import { jsonAnswer } from '../../src/lib/runtime/http-answer';
import { BASE_ENV, testEnv } from '../support/fixtures';
import { signHs256 } from '../support/jwt';
import { perFile } from '../support/per-file';
import { RestSimulator } from '../support/rest-simulator';

const shared = perFile(
  () => RestSimulator.start({ sync: new SyncStore() }),
  (sim) => sim.stop(),
);
let config: Config;
let serviceSid: string;
/** A moment well inside every token's life: sessions start around it. */
let t0: number;

beforeAll(async () => {
  config = readConfig(await testEnv()).config!;
});
beforeEach(() => {
  serviceSid = shared().sync.createService({ friendly_name: 'Switchboard' }).sid;
  t0 = Math.floor(Date.now() / 1000) - 600;
});
afterEach(() => jest.restoreAllMocks());

const store = () => TeamStore.of(() => shared().client(), serviceSid);

/** `Authorization` for a session of `identity` signed in at `started` (epoch s), renewed now. */
function bearer(identity: string, started: number): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    jti: `${BASE_ENV.API_KEY}-${now}`,
    iss: BASE_ENV.API_KEY,
    sub: BASE_ENV.ACCOUNT_SID,
    iat: now,
    nbf: started,
    exp: now + 600,
    grants: { identity, voice: { incoming: { allow: true } } },
  };
  return `Bearer ${signHs256({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' }, claims, BASE_ENV.API_SECRET)}`;
}

test('a revocation at a moment ends the sessions started up to that second, and none started after, nor anyone else’s', async () => {
  const before = await revokeSessions(store(), 'alice', t0 * 1000 + 400);
  expect(before).toBe(t0 + 1);
  expect(await isRevoked(store(), 'alice', t0)).toBe(true);
  expect(await isRevoked(store(), 'alice', t0 + 1)).toBe(false);
  expect(await isRevoked(store(), 'bob', t0 - 100)).toBe(false);
  expect(
    shared()
      .sync.items(serviceSid, 'team')
      .map((item) => [item.key, item.data, item.date_expires]),
  ).toEqual([['person.alice', { revokedBefore: t0 + 1 }, null]]);
});

test('checkSession: a revoked session gets 401 SB_SESSION_REVOKED; a later sign-in and other teammates go on', async () => {
  await revokeSessions(store(), 'bob', (t0 + 10) * 1000);
  expect(await checkSession(bearer('bob', t0), config, store())).toEqual({ ok: false, status: 401, code: 'SB_SESSION_REVOKED', reason: 'revoked' });
  expect(await checkSession(bearer('bob', t0 + 11), config, store())).toEqual({ ok: true, identity: 'bob', sessionStartedAt: t0 + 11 });
  expect(await checkSession(bearer('carol', t0), config, store())).toEqual({ ok: true, identity: 'carol', sessionStartedAt: t0 });
  // The token's own check comes first: a forged token costs no store request.
  const requests = shared().requests.length;
  expect(await checkSession(`${bearer('bob', t0 + 11)}x`, config, store())).toEqual(expect.objectContaining({ ok: false, code: 'SB_SESSION', reason: 'signature' }));
  expect(shared().requests.length).toBe(requests);
});

test('a revocation never moves back: an earlier one written after a later one changes nothing', async () => {
  await revokeSessions(store(), 'carol', (t0 + 100) * 1000);
  await revokeSessions(store(), 'carol', (t0 + 5) * 1000);
  expect(await isRevoked(store(), 'carol', t0 + 50)).toBe(true);
  expect(shared().sync.items(serviceSid, 'team')[0].data).toEqual({ revokedBefore: t0 + 101 });
});

test('a revocation keeps what else the person’s Item holds (written by others, such as do-not-disturb)', async () => {
  const sim = shared();
  await store().createItem('team', 'person.bob', { dnd: { on: true } }, 0);
  await revokeSessions(store(), 'bob', t0 * 1000);
  expect(sim.sync.item(serviceSid, 'team', 'person.bob').data).toEqual({ dnd: { on: true }, revokedBefore: t0 + 1 });
});

test('revocations of one person from several places at once all land (If-Match, retried on 412)', async () => {
  const moments = [t0 + 3, t0 + 1, t0 + 2];
  const outcomes = await Promise.allSettled(moments.map((moment) => revokeSessions(store(), 'alice', moment * 1000)));
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  expect(shared().sync.items(serviceSid, 'team')[0].data).toEqual({ revokedBefore: t0 + 4 });
});

test('Sync down: the session goes on and the check is logged as skipped; a revocation seen before still holds', async () => {
  const sim = shared();
  await revokeSessions(store(), 'alice', (t0 + 10) * 1000);
  expect((await checkSession(bearer('alice', t0), config, store())).ok).toBe(false); // seen: remembered
  const logged: string[] = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
  sim.sync.available = false;
  try {
    expect(await checkSession(bearer('bob', t0), config, store())).toEqual({ ok: true, identity: 'bob', sessionStartedAt: t0 });
    expect(await checkSession(bearer('alice', t0), config, store())).toEqual(expect.objectContaining({ ok: false, code: 'SB_SESSION_REVOKED' }));
  } finally {
    sim.sync.available = true;
  }
  expect(logged.map((line) => JSON.parse(line) as object)).toEqual([expect.objectContaining({ event: 'session-check-skipped', identity: 'bob', store: 'down' })]);
});

test('without a store (no SYNC_SERVICE_SID) nothing is revoked: the token check alone decides', async () => {
  expect(await checkSession(bearer('carol', t0), config, undefined)).toEqual({ ok: true, identity: 'carol', sessionStartedAt: t0 });
});

test('whoever revokes waits until the revocation’s second has begun, so a sign-in after the answer is never caught', async () => {
  jest.useFakeTimers();
  try {
    let clock = 41_300;
    let done = false;
    void untilRevocationHolds(42, () => clock).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(699);
    expect(done).toBe(false);
    clock = 42_000;
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  } finally {
    jest.useRealTimers();
  }
});

test('a recording link made before its teammate signed out everywhere is refused with the sessions; one made after is served', async () => {
  const env = { ...(await testEnv()), SYNC_SERVICE_SID: serviceSid };
  const linkConfig = readConfig(env).config!;
  const id = `RE${'4'.repeat(32)}`;
  const served = () => Promise.resolve(jsonAnswer({ served: true }));
  const ask = (url: string) => answerLinkRequest(env, '/recording', Object.fromEntries(new URL(url, 'https://example.com').searchParams), served, (sid) => TeamStore.of(() => shared().client(), sid));
  const nowMs = Date.now();
  const before = recordingLink(linkConfig, 'alice', id, nowMs);
  const revokedBefore = await revokeSessions(store(), 'alice', nowMs);
  const after = recordingLink(linkConfig, 'alice', id, revokedBefore * 1000);
  expect((await ask(before.url)).body).toMatchObject({ error: { code: 'SB_SESSION_REVOKED' } });
  expect((await ask(after.url)).body).toEqual({ served: true });
  expect((await ask(recordingLink(linkConfig, 'bob', id, nowMs).url)).body).toEqual({ served: true });
});
