import { deleteVoicemail, fetchHistory, fetchRecording, fetchVoicemail, RecordsError, type RecordsTransport } from '../../src/client/api/team-records';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const refusal = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { error: { code, message: `${code} words`, action: 'do this' } }, headers);

/** A transport whose fetch answers with `answer` and records what was asked. */
function transport(answer: (url: string, init: RequestInit) => Response | Promise<Response>, timeoutMs?: number) {
  const calls: { url: string; init: RequestInit }[] = [];
  let token = 'jwt-1';
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer(url, init);
  }) as unknown as typeof fetch;
  const t: RecordsTransport = { fetcher, token: () => token, ...(timeoutMs ? { timeoutMs } : {}) };
  return { t, calls, renew: (next: string) => (token = next) };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as RecordsError,
  );

describe('team records', () => {
  it('asks with the current token as Bearer, never a cookie or the HTTP cache', async () => {
    const { t, calls, renew } = transport(() => json(200, { messages: [], marks: true }));
    await fetchVoicemail(t);
    renew('jwt-2');
    await fetchVoicemail(t);
    const headers = calls.map((call) => call.init.headers as Record<string, string>);
    expect(headers.map((h) => h.Authorization)).toEqual(['Bearer jwt-1', 'Bearer jwt-2']);
    expect(calls[0].init).toMatchObject({ cache: 'no-store', credentials: 'omit' });
    expect(headers[0]['X-Requested-With']).toBe('XMLHttpRequest');
  });

  it('pages the history with the opaque cursor, encoded, in either view', async () => {
    const { t, calls } = transport(() => json(200, { entries: [], next: null }));
    await fetchHistory(t);
    await fetchHistory(t, 'all', 'a b&c=');
    await fetchHistory(t, 'mine');
    await fetchHistory(t, 'mine', 'a b&c=');
    expect(calls.map((call) => call.url)).toEqual(['/calls', '/calls?before=a%20b%26c%3D', '/calls?mine=1', '/calls?mine=1&before=a%20b%26c%3D']);
  });

  it('fetches a recording as a Blob and deletes with a form POST', async () => {
    const { t, calls } = transport((url) => (url.startsWith('/recording') ? new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'audio/mpeg' } }) : json(200, { deleted: 'RE1' })));
    const blob = await fetchRecording(t, 'RE1');
    expect([blob.type, blob.size]).toEqual(['audio/mpeg', 3]);
    await deleteVoicemail(t, 'RE1');
    expect(calls[0].url).toBe('/recording?id=RE1');
    expect(calls[1]).toMatchObject({ url: '/voicemail-delete', init: { method: 'POST', body: 'id=RE1' } });
  });

  it('turns refusals into coded errors: 401/403 are the session’s, 503 carries Retry-After', async () => {
    const over = await failure(fetchVoicemail(transport(() => refusal(401, 'SB_SESSION_OVER')).t));
    expect([over?.code, over?.status, over?.refused, over?.message]).toEqual(['SB_SESSION_OVER', 401, true, 'SB_SESSION_OVER words']);
    expect((await failure(fetchVoicemail(transport(() => refusal(403, 'SB_NOT_ON_TEAM')).t)))?.refused).toBe(true);
    const down = await failure(fetchHistory(transport(() => refusal(503, 'SB_TWILIO_UNAVAILABLE', { 'Retry-After': '5' })).t));
    expect([down?.code, down?.refused, down?.retryAfterMs]).toEqual(['SB_TWILIO_UNAVAILABLE', false, 5000]);
    expect((await failure(deleteVoicemail(transport(() => refusal(404, 'SB_NOT_FOUND')).t, 'RE9')))?.code).toBe('SB_NOT_FOUND');
  });

  it('hands a refused token (401/403) to the session, whoever asked, and nothing else', async () => {
    const handed: number[] = [];
    for (const status of [401, 403, 404, 503]) {
      const { t } = transport(() => refusal(status, 'SB_ANY'));
      await failure(fetchRecording({ ...t, refused: () => handed.push(status) }, 'RE1'));
    }
    const offline = transport(() => Promise.reject(new TypeError('Failed to fetch'))).t;
    await failure(fetchHistory({ ...offline, refused: () => handed.push(0) }));
    expect(handed).toEqual([401, 403]);
  });

  it('treats no answer, a timeout, a foreign body and an unexpected shape as SB_NETWORK', async () => {
    const offline = await failure(fetchVoicemail(transport(() => Promise.reject(new TypeError('Failed to fetch'))).t));
    expect([offline?.code, offline?.status]).toEqual(['SB_NETWORK', 0]);
    const slow = transport((_url, init) => new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))), 50);
    expect((await failure(fetchVoicemail(slow.t)))?.code).toBe('SB_NETWORK');
    expect((await failure(fetchVoicemail(transport(() => new Response('<html>proxy error</html>', { status: 502 })).t)))?.code).toBe('SB_NETWORK');
    expect((await failure(fetchVoicemail(transport(() => json(200, { messages: 'nope' })).t)))?.code).toBe('SB_NETWORK');
    expect((await failure(fetchHistory(transport(() => json(200, { entries: [] })).t)))?.code).toBe('SB_NETWORK');
  });
});
