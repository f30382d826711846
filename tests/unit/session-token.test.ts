/**
 * The Bearer verifier (src/lib/auth/session-token.ts) against tokens built by hand with node:crypto
 * (tests/support/jwt.ts), not by the code that mints ours: each forgery must be refused for its
 * own reason, so a check that goes missing cannot hide behind another one.
 */
import { createHmac } from 'node:crypto';
import { readConfig, type Config } from '../../src/lib/config/config';
import { sessionRefusalAnswer, verifySessionToken, type SessionCheck, type SessionRefusal } from '../../src/lib/auth/session-token';
import { createVoiceToken } from '../../src/lib/auth/voice-token';
import { BASE_ENV, testEnv } from '../support/fixtures';
import { signHs256 } from '../support/jwt';

/** A fixed clock, seconds since the epoch. */
const NOW = 1_900_000_000;
const NOW_MS = NOW * 1000;
const HEADER = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a genuine token: signed in an hour ago, renewed a minute ago, 10 minutes to live. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jti: `${BASE_ENV.API_KEY}-${NOW - 60}`,
    iss: BASE_ENV.API_KEY,
    sub: BASE_ENV.ACCOUNT_SID,
    iat: NOW - 60,
    nbf: NOW - 3600,
    exp: NOW - 60 + 600,
    grants: { identity: 'alice', voice: { incoming: { allow: true }, outgoing: { application_sid: BASE_ENV.TWIML_APP_SID } } },
    ...overrides,
  };
}

const genuine = (overrides: Record<string, unknown> = {}) => signHs256(HEADER, claims(overrides), BASE_ENV.API_SECRET);

let config: Config;
beforeAll(async () => {
  config = readConfig(await testEnv()).config!;
});

const check = (authorization: string, nowMs = NOW_MS): SessionCheck => verifySessionToken(authorization, config, nowMs);
/** The outcome as one comparable value: the identity and start, or the refusal's status, code and reason. */
const outcome = (result: SessionCheck) => (result.ok ? { identity: result.identity, sessionStartedAt: result.sessionStartedAt } : { status: result.status, code: result.code, reason: result.reason });
const refused = (reason: string, status = 401, code = 'SB_SESSION') => ({ status, code, reason });

describe('verifySessionToken accepts', () => {
  it('a genuine token of a teammate, with the session start it carries', () => {
    expect(outcome(check(`Bearer ${genuine()}`))).toEqual({ identity: 'alice', sessionStartedAt: NOW - 3600 });
  });

  it('the scheme in any case (RFC 7235), and a token one second before its expiry', () => {
    expect(outcome(check(`bearer ${genuine({ exp: NOW + 1 })}`))).toEqual({ identity: 'alice', sessionStartedAt: NOW - 3600 });
  });

  it('a token without nbf, whose session then starts at iat', () => {
    const { nbf: _nbf, ...withoutNbf } = claims();
    expect(outcome(check(`Bearer ${signHs256(HEADER, withoutNbf, BASE_ENV.API_SECRET)}`))).toEqual({ identity: 'alice', sessionStartedAt: NOW - 60 });
  });

  it('the tokens /token mints, sign-in and renewal alike', () => {
    const signIn = createVoiceToken(config, 'bob');
    const first = check(`Bearer ${signIn.token}`, Date.now());
    expect(first.ok && first.identity).toBe('bob');
    const renewed = createVoiceToken(config, 'bob', undefined, first.ok ? first.sessionStartedAt : 0);
    expect(outcome(check(`Bearer ${renewed.token}`, Date.now()))).toEqual(outcome(first));
  });
});

describe('verifySessionToken refuses', () => {
  const signature = (token: string) => token.split('.')[2];
  const payloadOf = (token: string) => token.split('.').slice(0, 2).join('.');

  const FORGERIES: [string, () => string, ReturnType<typeof refused>][] = [
    ['a token signed with another secret', () => signHs256(HEADER, claims(), 'another-api-secret'), refused('signature')],
    ['a token of another API key (its own secret and iss)', () => signHs256(HEADER, claims({ iss: `SK${'d4'.repeat(16)}` }), 'another-api-secret'), refused('signature')],
    ['a token naming another API key, signed with ours', () => genuine({ iss: `SK${'d4'.repeat(16)}` }), refused('issuer')],
    ['a token without iss', () => genuine({ iss: undefined }), refused('issuer')],
    ['a token of another account (sub)', () => genuine({ sub: `AC${'e5'.repeat(16)}` }), refused('account')],
    ['alg none with no signature', () => `${b64({ ...HEADER, alg: 'none' })}.${b64(claims())}.`, refused('malformed')],
    [
      'alg none with a valid HMAC',
      () => {
        const body = `${b64({ ...HEADER, alg: 'none' })}.${b64(claims())}`;
        return `${body}.${createHmac('sha256', BASE_ENV.API_SECRET).update(body).digest('base64url')}`;
      },
      refused('algorithm'),
    ],
    [
      'alg HS512, signed with HS512',
      () => {
        const body = `${b64({ ...HEADER, alg: 'HS512' })}.${b64(claims())}`;
        return `${body}.${createHmac('sha512', BASE_ENV.API_SECRET).update(body).digest('base64url')}`;
      },
      refused('algorithm'),
    ],
    ['alg written hs256', () => signHs256({ ...HEADER, alg: 'hs256' }, claims(), BASE_ENV.API_SECRET), refused('algorithm')],
    [
      'grants tampered after signing (identity alice → bob)',
      () => {
        const token = genuine();
        return `${b64(HEADER)}.${b64(claims({ grants: { identity: 'bob', voice: {} } }))}.${signature(token)}`;
      },
      refused('signature'),
    ],
    [
      'exp extended after signing',
      () => {
        const token = genuine();
        return `${b64(HEADER)}.${b64(claims({ exp: NOW + 86400 }))}.${signature(token)}`;
      },
      refused('signature'),
    ],
    ['a token expired by one second', () => genuine({ exp: NOW - 1 }), refused('expired')],
    ['a token expiring this very second', () => genuine({ exp: NOW }), refused('expired')],
    ['a token not valid yet (nbf in a minute)', () => genuine({ nbf: NOW + 60 }), refused('not-yet-valid')],
    ['a session of exactly SESSION_MAX_HOURS (12 h)', () => genuine({ nbf: NOW - 12 * 3600 }), refused('session-over', 401, 'SB_SESSION_OVER')],
    ['a session too old whose token also expired', () => genuine({ nbf: NOW - 13 * 3600, exp: NOW - 600 }), refused('session-over', 401, 'SB_SESSION_OVER')],
    ['a token without a voice grant', () => genuine({ grants: { identity: 'alice' } }), refused('grant')],
    ['a token without an identity', () => genuine({ grants: { voice: {} } }), refused('grant')],
    ['a token with an identity Twilio would refuse', () => genuine({ grants: { identity: 'alice bob', voice: {} } }), refused('grant')],
    ['a token without grants', () => genuine({ grants: undefined }), refused('grant')],
    ['a token whose exp is text', () => genuine({ exp: String(NOW + 600) }), refused('malformed')],
    ['a token whose nbf is null', () => genuine({ nbf: null }), refused('malformed')],
    ['a token whose claims are an array', () => signHs256(HEADER, [claims()], BASE_ENV.API_SECRET), refused('malformed')],
    ['a token of someone removed from TEAM', () => genuine({ grants: { identity: 'dave', voice: {} } }), refused('not-on-team', 403, 'SB_NOT_ON_TEAM')],
  ];

  it.each(FORGERIES)('%s', (_name, token, expected) => {
    expect(outcome(check(`Bearer ${token()}`))).toEqual(expected);
  });

  it('another spelling of the same signature bytes (base64url’s unused low bits)', () => {
    const token = genuine();
    const sig = signature(token);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = `${sig.slice(0, -1)}${alphabet[alphabet.indexOf(sig.at(-1)!) ^ 1]}`;
    expect(twin).not.toBe(sig);
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(outcome(check(`Bearer ${payloadOf(token)}.${twin}`))).toEqual(refused('signature'));
  });

  it('a second more of session than allowed, but not a second less', () => {
    expect(check(`Bearer ${genuine({ nbf: NOW - 12 * 3600 + 1 })}`).ok).toBe(true);
    expect(outcome(check(`Bearer ${genuine({ nbf: NOW - 12 * 3600 + 1 })}`, NOW_MS + 1000))).toEqual(refused('session-over', 401, 'SB_SESSION_OVER'));
  });

  const HEADERS: [string, () => string, string][] = [
    ['no header', () => '', 'missing'],
    ['Basic credentials', () => `Basic ${Buffer.from('alice:x').toString('base64')}`, 'missing'],
    ['the token without a scheme', () => genuine(), 'missing'],
    ['Bearer alone', () => 'Bearer', 'malformed'],
    ['Bearer and a space', () => 'Bearer ', 'malformed'],
    ['bearer  x', () => 'bearer  x', 'malformed'],
    ['two tokens', () => `Bearer ${genuine()} ${genuine()}`, 'malformed'],
    ['two Bearer credentials', () => `Bearer ${genuine()}, Bearer ${genuine()}`, 'malformed'],
    ['a token with a tab before it', () => `Bearer\t${genuine()}`, 'malformed'],
    ['four parts', () => `Bearer ${genuine()}.x`, 'malformed'],
    ['a payload that is not JSON', () => `Bearer ${b64(HEADER)}.${Buffer.from('{"iss":').toString('base64url')}.abc`, 'malformed'],
    ['a huge header', () => `Bearer ${'a'.repeat(10_000)}.b.c`, 'malformed'],
    ['a correctly signed token padded past 4 KB', () => `Bearer ${genuine({ pad: 'x'.repeat(4096) })}`, 'malformed'],
  ];

  it.each(HEADERS)('an Authorization of %s', (_name, authorization, reason) => {
    expect(outcome(check(authorization()))).toEqual(refused(reason));
  });
});

describe('sessionRefusalAnswer', () => {
  const refusal = (result: SessionCheck) => result as SessionRefusal;

  it('answers 401 with a Bearer challenge and the table’s words, never a token', () => {
    const answer = sessionRefusalAnswer(refusal(check(`Bearer ${genuine({ exp: NOW - 1 })}`)));
    expect(answer.status).toBe(401);
    expect(answer.headers).toEqual({ 'Cache-Control': 'no-store', 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="Switchboard", error="invalid_token"' });
    expect(answer.body).toEqual({ error: { code: 'SB_SESSION', message: 'Your session has ended', action: expect.stringMatching(/passcode/) } });
  });

  it('answers a session over with its own code, and a removed teammate with 403', () => {
    const over = sessionRefusalAnswer(refusal(check(`Bearer ${genuine({ nbf: NOW - 86400 })}`)));
    expect([over.status, (over.body as { error: { code: string } }).error.code]).toEqual([401, 'SB_SESSION_OVER']);
    const removed = sessionRefusalAnswer(refusal(check(`Bearer ${genuine({ grants: { identity: 'dave', voice: {} } })}`)));
    expect([removed.status, (removed.body as { error: { code: string } }).error.code, removed.headers['WWW-Authenticate']]).toEqual([403, 'SB_NOT_ON_TEAM', undefined]);
  });
});
