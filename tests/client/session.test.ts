import { PageError } from '../../src/client/page/errors';
import type { TokenReply } from '../../src/lib/contract/token';
import { basicAuthorization, bearerAuthorization, refreshDelay, refusal, requestToken, retryDelay, TokenKeeper } from '../../src/client/api/session';

let minted = 0;
/** A reply whose token expires in `expiresInMs` and whose session ends in `sessionEndsInMs`. */
const reply = (expiresInMs: number, sessionEndsInMs = 12 * 3_600_000, now = Date.now()): TokenReply => ({
  identity: 'alice',
  token: `jwt-${++minted}`,
  expiresAt: new Date(now + expiresInMs).toISOString(),
  sessionExpiresAt: new Date(now + sessionEndsInMs).toISOString(),
  team: ['alice', 'bob'],
  allowedCountries: ['US'],
  teamNumber: '+14155550100',
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('basicAuthorization', () => {
  it('encodes UTF-8 credentials the way the server decodes them', () => {
    const header = basicAuthorization({ identity: 'alice', passcode: 'pässwörd 電話' });
    expect(Buffer.from(header.replace('Basic ', ''), 'base64').toString('utf8')).toBe('alice:pässwörd 電話');
  });
});

describe('requestToken', () => {
  it('sends Basic credentials with X-Requested-With and returns the reply', async () => {
    const fetcher = jest.fn((_url: RequestInfo | URL, _init?: RequestInit) => Promise.resolve(json(200, reply(60_000))));
    const result = await requestToken(basicAuthorization({ identity: 'alice', passcode: 'x' }), fetcher as typeof fetch);
    expect(result.identity).toBe('alice');
    const [url, init] = fetcher.mock.calls[0];
    expect(url).toBe('/token');
    expect((init!.headers as Record<string, string>)['X-Requested-With']).toBe('XMLHttpRequest');
    expect((init!.headers as Record<string, string>).Authorization).toMatch(/^Basic /);
  });

  it('turns a 401 into SB_AUTH, a 503 into SB_CONFIG and no answer into SB_NETWORK', async () => {
    const fail = (response: () => Promise<Response>) => requestToken(basicAuthorization({ identity: 'a', passcode: 'b' }), response as typeof fetch).catch((e: PageError) => e.code);
    expect(await fail(() => Promise.resolve(json(401, { error: { code: 'SB_AUTH', message: 'nope' } })))).toBe('SB_AUTH');
    expect(await fail(() => Promise.resolve(json(503, { error: { code: 'SB_CONFIG' } })))).toBe('SB_CONFIG');
    expect(await fail(() => Promise.reject(new TypeError('Failed to fetch')))).toBe('SB_NETWORK');
    expect(await fail(() => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })))).toBe('SB_NETWORK');
    const { sessionExpiresAt: _dropped, ...withoutSessionEnd } = reply(60_000);
    expect(await fail(() => Promise.resolve(json(200, withoutSessionEnd)))).toBe('SB_NETWORK');
  });
});

describe('refusal', () => {
  const answer = (status: number, retryAfter?: string) => new Response('{}', { status, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } });

  it('carries when trying again may help: Retry-After seconds from now, on the page’s clock', () => {
    const waiting = refusal(answer(429, '60'), { error: { code: 'SB_SIGN_IN_WAIT', message: 'm', action: 'a' } }, () => 1_000_000);
    expect([waiting.code, waiting.retryAt]).toEqual(['SB_SIGN_IN_WAIT', 1_060_000]);
    expect(refusal(answer(503, '5'), { error: { code: 'SB_STORE_UNAVAILABLE', message: 'm', action: 'a' } }, () => 0).retryAt).toBe(5000);
  });

  it('says nothing of when without a Retry-After, or with one that is not seconds', () => {
    const body = { error: { code: 'SB_AUTH' as const, message: 'm', action: 'a' } };
    expect(refusal(answer(401), body).retryAt).toBeUndefined();
    expect(refusal(answer(503, 'soon'), body).retryAt).toBeUndefined();
    expect(refusal(answer(502), undefined).code).toBe('SB_NETWORK');
  });

  it('reaches the sign-in: a 429 from /token rejects with the wait', async () => {
    const waited = await requestToken(basicAuthorization({ identity: 'alice', passcode: 'x' }), () =>
      Promise.resolve(new Response(JSON.stringify({ error: { code: 'SB_SIGN_IN_WAIT' } }), { status: 429, headers: { 'Retry-After': '120' } })),
    ).catch((e: PageError) => e);
    expect(waited).toEqual(expect.objectContaining({ code: 'SB_SIGN_IN_WAIT', retryAt: expect.any(Number) }));
  });
});

describe('refresh timing', () => {
  it('refreshes at 75 % of the remaining lifetime, never sooner than a second', () => {
    expect(refreshDelay(1_000_000 + 3_600_000, 1_000_000)).toBe(2_700_000);
    expect(refreshDelay(1_000_000 + 20_000, 1_000_000)).toBe(15_000);
    expect(refreshDelay(1_000_000, 1_000_000 + 5000)).toBe(1000);
  });

  it('backs off 1, 2, 4 … seconds up to 30', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe('TokenKeeper', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const keeper = (answer: () => Promise<Response>) => {
    const events = { onToken: jest.fn(), onRetry: jest.fn(), onEnded: jest.fn() };
    const fetcher = jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => answer());
    const tokens = new TokenKeeper(events, fetcher as typeof fetch);
    const authorizations = () => fetcher.mock.calls.map(([, init]) => (init!.headers as Record<string, string>).Authorization);
    return { tokens, events, authorizations };
  };

  it('refreshes before every expiry, lifetime after lifetime, each time with the token it holds', async () => {
    const issued: string[] = [];
    const { tokens, events, authorizations } = keeper(() => {
      const fresh = reply(20_000);
      issued.push(fresh.token);
      return Promise.resolve(json(200, fresh));
    });
    const first = reply(20_000);
    tokens.schedule(first);
    for (let lifetime = 1; lifetime <= 5; lifetime++) {
      await jest.advanceTimersByTimeAsync(14_999);
      expect(events.onToken).toHaveBeenCalledTimes(lifetime - 1);
      await jest.advanceTimersByTimeAsync(1);
      expect(events.onToken).toHaveBeenCalledTimes(lifetime);
    }
    tokens.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(events.onToken).toHaveBeenCalledTimes(5);
    expect(events.onRetry).not.toHaveBeenCalled();
    // Renewal n presents the token of renewal n-1: no passcode, no stale token.
    expect(authorizations()).toEqual([first.token, ...issued.slice(0, 4)].map(bearerAuthorization));
  });

  it('renews the last token of a session only when it expires, then ends with the server’s reason', async () => {
    const { tokens, events, authorizations } = keeper(() => Promise.resolve(json(401, { error: { code: 'SB_SESSION_OVER' } })));
    tokens.schedule(reply(20_000, 20_000));
    await jest.advanceTimersByTimeAsync(19_999);
    expect(authorizations()).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(authorizations()).toHaveLength(1);
    expect(events.onEnded).toHaveBeenCalledWith(expect.objectContaining({ code: 'SB_SESSION_OVER' }));
    tokens.stop();
  });

  it('reports a failed refresh, retries with back-off and recovers', async () => {
    let failures = 2;
    const { tokens, events } = keeper(() => (failures-- > 0 ? Promise.reject(new TypeError('offline')) : Promise.resolve(json(200, reply(20_000)))));
    tokens.schedule(reply(20_000));
    await jest.advanceTimersByTimeAsync(15_000);
    expect(events.onRetry).toHaveBeenLastCalledWith(expect.objectContaining({ code: 'SB_NETWORK' }), 1, 1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events.onRetry).toHaveBeenLastCalledWith(expect.objectContaining({ code: 'SB_NETWORK' }), 2, 2000);
    await jest.advanceTimersByTimeAsync(2000);
    expect(events.onToken).toHaveBeenCalledTimes(1);
    tokens.stop();
  });

  it.each([
    [401, 'SB_SESSION'],
    [401, 'SB_SESSION_OVER'],
    [401, 'SB_SESSION_REVOKED'],
    [403, 'SB_NOT_ON_TEAM'],
  ])('ends the session on a %i %s, without retrying', async (status, code) => {
    const { tokens, events, authorizations } = keeper(() => Promise.resolve(json(status, { error: { code } })));
    tokens.schedule(reply(20_000));
    await jest.advanceTimersByTimeAsync(15_000);
    expect(events.onEnded).toHaveBeenCalledWith(expect.objectContaining({ code }));
    await jest.advanceTimersByTimeAsync(120_000);
    expect(events.onRetry).not.toHaveBeenCalled();
    expect(events.onToken).not.toHaveBeenCalled();
    expect(authorizations()).toHaveLength(1);
  });

  it('refreshes at once when the SDK warns of expiry', async () => {
    const { tokens, events } = keeper(() => Promise.resolve(json(200, reply(20_000))));
    tokens.schedule(reply(600_000));
    tokens.refreshNow();
    await jest.advanceTimersByTimeAsync(0);
    expect(events.onToken).toHaveBeenCalledTimes(1);
    tokens.stop();
  });
});
