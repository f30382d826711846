import { readConfig } from '../../src/lib/config/config';
import { createVoiceToken } from '../../src/lib/auth/voice-token';
import { BASE_ENV, testEnv } from '../support/fixtures';
import { verifyHs256 } from '../support/jwt';

async function config(overrides: Record<string, string> = {}) {
  return readConfig(await testEnv(overrides)).config!;
}

describe('Voice access tokens', () => {
  it('carry exactly the claims of docs/voice-sdk-protocol.md, signed with the API secret', async () => {
    const reply = createVoiceToken(await config(), 'alice');
    const { header, payload } = verifyHs256(reply.token, BASE_ENV.API_SECRET);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload).toEqual({
      jti: `${BASE_ENV.API_KEY}-${payload.iat}`,
      iss: BASE_ENV.API_KEY,
      sub: BASE_ENV.ACCOUNT_SID,
      iat: expect.any(Number),
      // A sign-in starts the session now: nbf is its start.
      nbf: payload.iat,
      exp: payload.iat + 600,
      grants: { identity: 'alice', voice: { incoming: { allow: true }, outgoing: { application_sid: BASE_ENV.TWIML_APP_SID } } },
    });
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(5);
    expect(reply.expiresAt).toBe(new Date(payload.exp * 1000).toISOString());
    expect(reply.sessionExpiresAt).toBe(new Date((payload.iat + 12 * 3600) * 1000).toISOString());
    expect(reply.edge).toBeUndefined();
  });

  it('renewed, keep the session start and never run past the session end', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cfg = await config({ SESSION_MAX_HOURS: '1' });
    const early = verifyHs256(createVoiceToken(cfg, 'alice', undefined, now - 600).token, BASE_ENV.API_SECRET).payload;
    expect(early.nbf).toBe(now - 600);
    expect(early.exp - early.iat).toBe(600);
    const late = createVoiceToken(cfg, 'alice', undefined, now - 3300);
    const claims = verifyHs256(late.token, BASE_ENV.API_SECRET).payload;
    expect(claims.nbf).toBe(now - 3300);
    // 300 s of the hour are left, less than TOKEN_TTL: the token ends with the session.
    expect(claims.exp).toBe(now + 300);
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
