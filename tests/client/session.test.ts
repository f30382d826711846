import { PageError } from '../../src/client/errors';
import { basicAuthorization, refreshDelay, requestToken, retryDelay, TokenKeeper, type TokenReply } from '../../src/client/session';

const reply = (expiresInMs: number, now = Date.now()): TokenReply => ({
  identity: 'alice',
  token: `jwt-${now}`,
  expiresAt: new Date(now + expiresInMs).toISOString(),
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
    const fetcher = jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(200, reply(60_000)));
    const result = await requestToken({ identity: 'alice', passcode: 'x' }, fetcher as typeof fetch);
    expect(result.identity).toBe('alice');
    const [url, init] = fetcher.mock.calls[0];
    expect(url).toBe('/token');
    expect((init!.headers as Record<string, string>)['X-Requested-With']).toBe('XMLHttpRequest');
    expect((init!.headers as Record<string, string>).Authorization).toMatch(/^Basic /);
  });

  it('turns a 401 into SB_AUTH, a 503 into SB_CONFIG and no answer into SB_NETWORK', async () => {
    const fail = (response: () => Promise<Response>) => requestToken({ identity: 'a', passcode: 'b' }, response as typeof fetch).catch((e: PageError) => e.code);
    expect(await fail(async () => json(401, { error: { code: 'SB_AUTH', message: 'nope' } }))).toBe('SB_AUTH');
    expect(await fail(async () => json(503, { error: { code: 'SB_CONFIG' } }))).toBe('SB_CONFIG');
    expect(await fail(async () => { throw new TypeError('Failed to fetch'); })).toBe('SB_NETWORK');
    expect(await fail(async () => new Response('<html>Bad gateway</html>', { status: 502 }))).toBe('SB_NETWORK');
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

  const keeper = (fetcher: () => Promise<Response>) => {
    const events = { onToken: jest.fn(), onRetry: jest.fn(), onEnded: jest.fn() };
    const tokens = new TokenKeeper({ identity: 'alice', passcode: 'p' }, events, jest.fn(fetcher) as unknown as typeof fetch);
    return { tokens, events };
  };

  it('refreshes before every expiry, lifetime after lifetime', async () => {
    const { tokens, events } = keeper(async () => json(200, reply(20_000)));
    tokens.schedule(reply(20_000));
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
  });

  it('reports a failed refresh, retries with back-off and recovers', async () => {
    let failures = 2;
    const { tokens, events } = keeper(async () => {
      if (failures-- > 0) throw new TypeError('offline');
      return json(200, reply(20_000));
    });
    tokens.schedule(reply(20_000));
    await jest.advanceTimersByTimeAsync(15_000);
    expect(events.onRetry).toHaveBeenLastCalledWith(expect.objectContaining({ code: 'SB_NETWORK' }), 1, 1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events.onRetry).toHaveBeenLastCalledWith(expect.objectContaining({ code: 'SB_NETWORK' }), 2, 2000);
    await jest.advanceTimersByTimeAsync(2000);
    expect(events.onToken).toHaveBeenCalledTimes(1);
    tokens.stop();
  });

  it('ends the session when the team no longer accepts the passcode', async () => {
    const { tokens, events } = keeper(async () => json(401, { error: { code: 'SB_AUTH' } }));
    tokens.schedule(reply(20_000));
    await jest.advanceTimersByTimeAsync(15_000);
    expect(events.onEnded).toHaveBeenCalledWith(expect.objectContaining({ code: 'SB_SESSION' }));
    await jest.advanceTimersByTimeAsync(120_000);
    expect(events.onRetry).not.toHaveBeenCalled();
    expect(events.onToken).not.toHaveBeenCalled();
  });

  it('refreshes at once when the SDK warns of expiry', async () => {
    const { tokens, events } = keeper(async () => json(200, reply(20_000)));
    tokens.schedule(reply(600_000));
    tokens.refreshNow();
    await jest.advanceTimersByTimeAsync(0);
    expect(events.onToken).toHaveBeenCalledTimes(1);
    tokens.stop();
  });
});
