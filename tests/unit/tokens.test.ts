import { readConfig } from '../../src/lib/config/config';
import { createVoiceToken } from '../../src/lib/auth/voice-token';
import { BASE_ENV, testEnv } from '../support/fixtures';
import { verifyHs256 } from '../support/jwt';

async function config(overrides: Record<string, string> = {}) {
  return readConfig(await testEnv(overrides)).config!;
}

/**
 * A clock for the code under test: `Date.now()` answers `startMs`, then `tickMs` more at each
 * later reading. So a test decides which second every reading falls in, whatever the real time.
 */
function clockFrom(startMs: number, tickMs = 0): void {
  let next = startMs;
  jest.spyOn(Date, 'now').mockImplementation(() => (next += tickMs) - tickMs);
}

/** A moment in whole seconds since the epoch. */
const T = 1796659941;

describe('Voice access tokens', () => {
  afterEach(() => jest.restoreAllMocks());

  it('carry exactly the claims of docs/voice-sdk-protocol.md, signed with the API secret', async () => {
    const cfg = await config();
    clockFrom(T * 1000 + 200);
    const reply = createVoiceToken(cfg, 'alice');
    const { header, payload } = verifyHs256(reply.token, BASE_ENV.API_SECRET);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload).toEqual({
      jti: `${BASE_ENV.API_KEY}-${T}`,
      iss: BASE_ENV.API_KEY,
      sub: BASE_ENV.ACCOUNT_SID,
      iat: T,
      nbf: T,
      exp: T + 600,
      grants: { identity: 'alice', voice: { incoming: { allow: true }, outgoing: { application_sid: BASE_ENV.TWIML_APP_SID } } },
    });
    expect(reply.expiresAt).toBe(new Date((T + 600) * 1000).toISOString());
    expect(reply.sessionExpiresAt).toBe(new Date((T + 12 * 3600) * 1000).toISOString());
    expect(reply.edge).toBeUndefined();
  });

  it('a sign-in starts its session when it is made: nbf is that second, the session ends SESSION_MAX_HOURS later, whichever second the token is signed in', async () => {
    const cfg = await config();
    // The clock ticks over into the next second while the token is being made.
    clockFrom(T * 1000 + 999, 1);
    const reply = createVoiceToken(cfg, 'alice');
    const { payload } = verifyHs256(reply.token, BASE_ENV.API_SECRET);
    expect(payload.nbf).toBe(T);
    // Valid from the sign-in on, so valid when issued: nbf is never after iat.
    expect(payload.iat).toBeGreaterThanOrEqual(payload.nbf);
    expect(payload.exp).toBe(payload.iat + 600);
    expect(reply.sessionExpiresAt).toBe(new Date((T + 12 * 3600) * 1000).toISOString());
  });

  it('renewed, keep the session start and never run past the session end', async () => {
    const cfg = await config({ SESSION_MAX_HOURS: '1' });
    clockFrom(T * 1000 + 500);
    const early = verifyHs256(createVoiceToken(cfg, 'alice', undefined, T - 600).token, BASE_ENV.API_SECRET).payload;
    expect([early.nbf, early.iat, early.exp]).toEqual([T - 600, T, T + 600]);
    const late = createVoiceToken(cfg, 'alice', undefined, T - 3300);
    const claims = verifyHs256(late.token, BASE_ENV.API_SECRET).payload;
    expect(claims.nbf).toBe(T - 3300);
    // 300 s of the hour are left, less than TOKEN_TTL: the token ends with the session.
    expect(claims.exp).toBe(T + 300);
    expect(late.expiresAt).toBe(late.sessionExpiresAt);
  });

  it('cut to the session end, never outlive it even when the clock ticks over a second while the token is signed', async () => {
    const cfg = await config({ SESSION_MAX_HOURS: '1' });
    clockFrom(T * 1000 + 999, 1);
    const late = createVoiceToken(cfg, 'alice', undefined, T - 3300);
    const claims = verifyHs256(late.token, BASE_ENV.API_SECRET).payload;
    expect(claims.exp).toBe(T - 3300 + 3600);
    expect(late.expiresAt).toBe(late.sessionExpiresAt);
  });

  it('add the push credential only for the platform that has one', async () => {
    const cfg = await config({ PUSH_CREDENTIAL_SID_IOS: `CR${'1'.repeat(32)}` });
    const grant = (platform?: 'ios' | 'android') => verifyHs256(createVoiceToken(cfg, 'bob', platform).token, BASE_ENV.API_SECRET).payload.grants.voice;
    expect(grant('ios').push_credential_sid).toBe(`CR${'1'.repeat(32)}`);
    expect(grant('android').push_credential_sid).toBeUndefined();
    expect(grant().push_credential_sid).toBeUndefined();
  });

  it('carry REGION in the header and name the matching SDK edge', async () => {
    const reply = createVoiceToken(await config({ REGION: 'ie1' }), 'carol');
    expect(verifyHs256(reply.token, BASE_ENV.API_SECRET).header.twr).toBe('ie1');
    expect(reply.edge).toBe('dublin');
  });

  it('cannot be verified with another secret', async () => {
    const { token } = createVoiceToken(await config(), 'alice');
    expect(() => verifyHs256(token, 'other')).toThrow(/does not verify/);
  });
});
