import { controlCall } from '../../src/client/api/call-control';
import { PageError } from '../../src/client/page/errors';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('controlCall', () => {
  it('POSTs JSON with the session token as Bearer and the page`s own leg, and returns the state', async () => {
    const fetcher = jest.fn((_url: RequestInfo | URL, _init?: RequestInit) =>
      Promise.resolve(json(200, { state: 'held', parties: [{ label: 'caller', hold: true, status: 'connected' }], at: 1700000000000 })),
    );
    const reply = await controlCall('jwt-1', 'CA1', 'transfer', 'bob', fetcher as typeof fetch);
    expect(reply).toEqual({ state: 'held', parties: [{ label: 'caller', hold: true, status: 'connected' }], at: 1700000000000 });
    const [url, init] = fetcher.mock.calls[0];
    expect(url).toBe('/call-control');
    expect(init).toMatchObject({ method: 'POST', headers: { Authorization: 'Bearer jwt-1', 'Content-Type': 'application/json' } });
    expect(JSON.parse(init!.body as string)).toEqual({ action: 'transfer', callSid: 'CA1', target: 'bob' });
  });

  it('turns a refusal into a PageError with the table`s code, and a failure to reach it into SB_NETWORK', async () => {
    const refusal = (status: number, body: unknown) => controlCall('t', 'CA1', 'hold', undefined, () => Promise.resolve(json(status, body))).catch((e: unknown) => e);
    expect(await refusal(409, { error: { code: 'SB_TARGET_BUSY' } })).toEqual(new PageError('SB_TARGET_BUSY'));
    expect(((await refusal(403, { error: { code: 'SB_NOT_IN_CALL' } })) as PageError).code).toBe('SB_NOT_IN_CALL');
    expect(((await refusal(503, 'not json')) as PageError).code).toBe('SB_TWILIO_UNAVAILABLE');
    const offline = await controlCall('t', 'CA1', 'hold', undefined, () => Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect((offline as PageError).code).toBe('SB_NETWORK');
  });
});
