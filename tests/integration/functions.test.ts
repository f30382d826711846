/**
 * Every endpoint over real HTTP: the built Functions in the real local runtime (twilio-run),
 * called the way browsers, mobile SDKs and Twilio's webhooks call them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from '../../build/build';
import { startRuntime, type LocalRuntime } from '../../build/local-runtime';
import { basicAuth, BASE_ENV, PASSCODES, testEnv } from '../support/fixtures';
import { signHs256, verifyHs256 } from '../support/jwt';
import { descendants, parseTwiml } from '../support/twiml';
import { until } from '../support/until';
import { inboundParams, outboundParams, postWebhook } from '../support/webhook';

let runtime: LocalRuntime;
const PUSH_IOS = `CR${'9'.repeat(32)}`;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'functions', 'token.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  runtime = await startRuntime(await testEnv({ PUSH_CREDENTIAL_SID_IOS: PUSH_IOS, FORWARD_TO: '+14155550199' }));
});
afterAll(() => runtime?.stop());

const token = (headers: Record<string, string> = {}, query = '') => fetch(`${runtime.url}/token${query}`, { headers });
const twimlOf = async (response: Response) => {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
  return parseTwiml(await response.text());
};
const voice = (params: Record<string, string>) => postWebhook(`${runtime.url}/voice`, params).then(twimlOf);

describe('GET /token', () => {
  it('gives a team member a verified AccessToken with exactly the claims it should carry', async () => {
    const response = await token({ Authorization: basicAuth('alice', PASSCODES.alice) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toEqual(expect.objectContaining({ identity: 'alice', team: ['alice', 'bob', 'carol'], allowedCountries: ['US', 'CA'], teamNumber: '+14155550100' }));
    const { header, payload } = verifyHs256(body.token, BASE_ENV.API_SECRET);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload.iss).toBe(BASE_ENV.API_KEY);
    expect(payload.sub).toBe(BASE_ENV.ACCOUNT_SID);
    // Twilio's jti: the key and the second the token was made, read from the clock between the
    // session start (nbf, this sign-in) and the signature (iat), never the same reading.
    const [key, second] = payload.jti.split('-');
    expect([key, payload.nbf <= Number(second) && Number(second) <= payload.iat]).toEqual([BASE_ENV.API_KEY, true]);
    expect(payload.exp - payload.iat).toBe(Number(BASE_ENV.TOKEN_TTL));
    expect(payload.grants).toEqual({ identity: 'alice', voice: { incoming: { allow: true }, outgoing: { application_sid: BASE_ENV.TWIML_APP_SID } } });
    expect(body.expiresAt).toBe(new Date(payload.exp * 1000).toISOString());
  });

  it('adds the iOS push credential for ?platform=ios, none for android without one, 400 for an unknown platform', async () => {
    const grantFor = async (platform: string) => {
      const body = await (await token({ Authorization: basicAuth('bob', PASSCODES.bob) }, `?platform=${platform}`)).json();
      return verifyHs256(body.token, BASE_ENV.API_SECRET).payload.grants.voice;
    };
    expect((await grantFor('ios')).push_credential_sid).toBe(PUSH_IOS);
    expect((await grantFor('android')).push_credential_sid).toBeUndefined();
    const unknown = await token({ Authorization: basicAuth('bob', PASSCODES.bob) }, '?platform=windows');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe('SB_PLATFORM');
  });

  it.each([
    ['no credentials', {}],
    ['a wrong passcode', { Authorization: basicAuth('alice', PASSCODES.bob) }],
    ['an unknown identity', { Authorization: basicAuth('mallory', PASSCODES.alice) }],
    ['malformed Base64', { Authorization: 'Basic %%%not-base64' }],
    ['another scheme', { Authorization: 'Digest username="alice", realm="Switchboard"' }],
  ])('refuses %s with 401 and a Basic challenge, and no token', async (_, headers) => {
    const response = await token(headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="Switchboard"/);
    const body = await response.json();
    expect(body.token).toBeUndefined();
    expect(body.error.code).toBe('SB_AUTH');
  });

  it('challenges the page`s own requests without the browser`s login box', async () => {
    const response = await token({ 'X-Requested-With': 'XMLHttpRequest' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).not.toMatch(/^Basic/);
  });
});

describe('GET /token renewing a session with Bearer <current token>', () => {
  const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });
  const now = () => Math.floor(Date.now() / 1000);
  /** Claims of a token /token could have minted for `identity`, signed in `age` seconds ago. */
  const claims = (identity: string, age = 60, overrides: Record<string, unknown> = {}) => ({
    iss: BASE_ENV.API_KEY,
    sub: BASE_ENV.ACCOUNT_SID,
    iat: now() - 10,
    nbf: now() - age,
    exp: now() + 590,
    grants: { identity, voice: { incoming: { allow: true }, outgoing: { application_sid: BASE_ENV.TWIML_APP_SID } } },
    ...overrides,
  });
  const signed = (body: object, secret: string = BASE_ENV.API_SECRET) => signHs256({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' }, body, secret);

  it('gives a fresh token for the same identity and the same session start, sign-in after sign-in', async () => {
    const signIn = await (await token({ Authorization: basicAuth('carol', PASSCODES.carol) })).json();
    const started = verifyHs256(signIn.token, BASE_ENV.API_SECRET).payload.nbf;
    let current = signIn;
    for (let renewal = 1; renewal <= 2; renewal++) {
      const response = await token(bearer(current.token));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = await response.json();
      const { payload } = verifyHs256(body.token, BASE_ENV.API_SECRET);
      expect([body.identity, payload.grants.identity, payload.nbf, body.sessionExpiresAt]).toEqual(['carol', 'carol', started, signIn.sessionExpiresAt]);
      expect(body).toEqual(expect.objectContaining({ team: ['alice', 'bob', 'carol'], allowedCountries: ['US', 'CA'], teamNumber: '+14155550100' }));
      current = body;
    }
  });

  it('keeps the start of a session signed in hours ago', async () => {
    const started = now() - 5 * 3600;
    const body = await (await token(bearer(signed(claims('bob', 5 * 3600))))).json();
    expect(verifyHs256(body.token, BASE_ENV.API_SECRET).payload.nbf).toBe(started);
    expect(body.sessionExpiresAt).toBe(new Date((started + 12 * 3600) * 1000).toISOString());
  });

  it.each([
    ['an expired token', 401, 'SB_SESSION', () => signed(claims('alice', 600, { exp: now() - 1 }))],
    ['a token signed with another secret', 401, 'SB_SESSION', () => signed(claims('alice'), 'not-our-secret-0123456789abcdef')],
    ['a token of another API key', 401, 'SB_SESSION', () => signed(claims('alice', 60, { iss: `SK${'d4'.repeat(16)}` }), 'not-our-secret-0123456789abcdef')],
    ['a token of another account', 401, 'SB_SESSION', () => signed(claims('alice', 60, { sub: `AC${'e5'.repeat(16)}` }))],
    ['a token with alg none', 401, 'SB_SESSION', () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims('alice'))).toString('base64url')}.`],
    ['a session older than SESSION_MAX_HOURS', 401, 'SB_SESSION_OVER', () => signed(claims('alice', 12 * 3600 + 5))],
    ['a token of someone removed from TEAM', 403, 'SB_NOT_ON_TEAM', () => signed(claims('dave'))],
    ['a Bearer header with no token', 401, 'SB_SESSION', () => ''],
  ])('refuses %s with %i %s and no token', async (_, status, code, jwt) => {
    const response = await token(bearer(jwt()));
    const body = await response.json();
    expect([response.status, body.error?.code, body.token]).toEqual([status, code, undefined]);
    expect(response.headers.get('cache-control')).toBe('no-store');
    if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Bearer realm="Switchboard", error="invalid_token"');
  });
});

describe('without SYNC_SERVICE_SID (no team store): sign-in as before, nothing to revoke', () => {
  it('throttles nobody: ten wrong passcodes, then the right one signs in', async () => {
    for (let i = 0; i < 10; i++) expect((await token({ Authorization: basicAuth('bob', `wrong-${i}`) })).status).toBe(401);
    expect((await token({ Authorization: basicAuth('bob', PASSCODES.bob) })).status).toBe(200);
  });

  it('POST /sign-out-everywhere says clearly that the store is missing: 503 SB_STORE_MISSING, no Retry-After', async () => {
    const signIn = await (await token({ Authorization: basicAuth('alice', PASSCODES.alice) })).json();
    const response = await fetch(`${runtime.url}/sign-out-everywhere`, { method: 'POST', headers: { Authorization: `Bearer ${signIn.token}` } });
    const body = await response.json();
    expect([response.status, body.error.code, response.headers.get('retry-after')]).toEqual([503, 'SB_STORE_MISSING', null]);
    expect((await token({ Authorization: `Bearer ${signIn.token}` })).status).toBe(200);
  });
});

describe('POST /voice', () => {
  it('dials a phone number given in E.164 with the team caller ID', async () => {
    const [dial] = (await voice(outboundParams('+14155550134'))).children;
    expect(dial.attrs).toMatchObject({ callerId: '+14155550100', answerOnBridge: 'true' });
    expect(dial.children).toEqual([expect.objectContaining({ name: 'Number', text: '+14155550134' })]);
  });

  it('normalises a national-format number', async () => {
    expect(descendants(await voice(outboundParams('(604) 555-0199'))).find((n) => n.name === 'Number')!.text).toBe('+16045550199');
  });

  it('dials a teammate as <Client>', async () => {
    const [dial] = (await voice(outboundParams('carol', 'bob'))).children;
    expect(dial).toMatchObject({ name: 'Dial', attrs: { answerOnBridge: 'true' } });
    expect(dial.children).toEqual([expect.objectContaining({ name: 'Client', text: 'carol' })]);
  });

  it.each([
    ['a blocked country', '+442079460018'],
    ['a premium-rate number', '+19005550123'],
    ['garbage', '<Dial>+1900</Dial>&'],
    ['an overlong value', '1'.repeat(5000)],
  ])('refuses %s with a <Say> and a hangup, never a <Dial>', async (_, to) => {
    const twiml = await voice(outboundParams(to));
    expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
  });

  it('rings every team member for a call to the team number, passing who calls', async () => {
    const [dial] = (await voice(inboundParams('+12025550143'))).children;
    expect(dial.attrs).toEqual({ answerOnBridge: 'true', timeout: BASE_ENV.RING_TIMEOUT, action: '/dial-complete' });
    expect(dial.children.map((c) => descendants(c).find((n) => n.name === 'Identity')!.text)).toEqual(['alice', 'bob', 'carol']);
    expect(
      descendants(dial)
        .filter((n) => n.name === 'Parameter' && n.attrs.name === 'callerNumber')
        .map((n) => n.attrs.value),
    ).toEqual(Array(3).fill('+12025550143'));
  });
});

describe('POST /dial-complete, /fallback, /status', () => {
  it('forwards an unanswered inbound call to FORWARD_TO', async () => {
    const response = await postWebhook(`${runtime.url}/dial-complete`, { ...inboundParams('+12025550143'), DialCallStatus: 'no-answer', DialCallSid: 'CA1' });
    expect(descendants(await twimlOf(response)).find((n) => n.name === 'Number')!.text).toBe('+14155550199');
  });

  it('the fallback apologises and hangs up, whatever arrives', async () => {
    const twiml = await twimlOf(await postWebhook(`${runtime.url}/fallback`, { ErrorCode: '11200', Junk: '\u0000<&>' }));
    expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
  });

  it('the status callback answers 200 and logs one JSON line per callback', async () => {
    const params: Record<string, string> = { ...outboundParams('bob'), CallStatus: 'completed', CallDuration: '42' };
    const twiml = await twimlOf(await postWebhook(`${runtime.url}/status`, params));
    expect(twiml.children).toEqual([]);
    const line = await until(() => runtime.output.find((l) => l.includes('"call-status"') && l.includes('"42"')), 'the call-status log line', 5000, 20);
    expect(JSON.parse(line)).toMatchObject({ event: 'call-status', CallSid: params.CallSid, CallStatus: 'completed', CallDuration: '42', From: 'client:alice', To: 'bob' });
  });
});

describe('webhook signatures', () => {
  const params = outboundParams('+14155550134');
  it.each([
    ['unsigned', { signature: null }],
    ['signed with another auth token', { authToken: 'e'.repeat(32) }],
    ['signed for another port', { signedUrl: 'http://localhost:1/voice' }],
  ] as const)('refuses a request %s with 403 and no TwiML', async (_, options) => {
    const response = await postWebhook(`${runtime.url}/voice`, params, options);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('<Dial');
  });

  it('refuses a request replayed to another endpoint', async () => {
    const response = await postWebhook(`${runtime.url}/status`, params, { signedUrl: `${runtime.url}/voice` });
    expect(response.status).toBe(403);
  });
});
