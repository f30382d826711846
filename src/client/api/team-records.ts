/**
 * The team's records as the data Functions serve them (src/lib/contract/calls.ts, voicemail.ts):
 * voicemail, call history and recordings, asked for with the page's access token as `Bearer`
 * (no passcode per request). Every failure becomes a PageError with the server's code, so the
 * sections can say what is wrong and decide whether to retry; a refused token is handed to the
 * session here, whoever asked.
 */
import type { HistoryPage, HistoryView } from '../../lib/contract/calls';
import type { ErrorCode, ErrorReply } from '../../lib/contract/errors';
import type { VoicemailDeleted, VoicemailList } from '../../lib/contract/voicemail';
import type { DoNotDisturbState } from '../../lib/contract/do-not-disturb';
import { PageError } from '../page/errors';
import { bearerAuthorization } from './session';

/** A data request that got no usable answer. */
export class RecordsError extends PageError {
  constructor(
    code: ErrorCode,
    readonly status: number,
    message?: string,
    readonly retryAfterMs = 0,
  ) {
    super(code, message);
    this.name = 'RecordsError';
  }

  /** 401/403: the token is refused; only the session (token keeper) can fix that. */
  get refused(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** A slow Twilio API must not leave a section spinning: give up after this long and retry. */
const REQUEST_TIMEOUT_MS = 10_000;

/** How requests reach the server; `fetch` in the page, a fake in tests. */
export interface RecordsTransport {
  fetcher: typeof fetch;
  /** The current access token (it changes at every renewal). */
  token(): string;
  /** The server refused the token (401/403): the session decides whether it is over. */
  refused?(): void;
  timeoutMs?: number;
}

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/**
 * Sends one request and returns the answer when it is a 2xx (or, when `notModified`, a 304). Network failures and timeouts
 * become SB_NETWORK (status 0); error answers keep their code, message and Retry-After, and a
 * refused token is reported to `transport.refused` as well.
 */
export async function request(transport: RecordsTransport, path: string, init: RequestInit = {}, notModified = false): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), transport.timeoutMs ?? REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await transport.fetcher(path, {
      ...init,
      headers: { ...init.headers, Authorization: bearerAuthorization(transport.token()), 'X-Requested-With': 'XMLHttpRequest' },
      cache: 'no-store',
      credentials: 'omit',
      signal: abort.signal,
    });
  } catch {
    throw new RecordsError('SB_NETWORK', 0);
  } finally {
    clearTimeout(timer);
  }
  if (response.ok || (notModified && response.status === 304)) return response;
  const body = (await response.json().catch(() => undefined)) as Partial<ErrorReply> | undefined;
  const code = typeof body?.error?.code === 'string' || typeof body?.error?.code === 'number' ? body.error.code : 'SB_NETWORK';
  const message = typeof body?.error?.message === 'string' ? body.error.message : undefined;
  const error = new RecordsError(code, response.status, message, retryAfterMs(response));
  if (error.refused) transport.refused?.();
  throw error;
}

/** Sends one request (see `request`) and returns its JSON body when `valid` accepts it. */
export async function json<T>(transport: RecordsTransport, path: string, valid: (body: unknown) => body is T, init?: RequestInit): Promise<T> {
  const response = await request(transport, path, init);
  const body: unknown = await response.json().catch(() => undefined);
  if (!valid(body)) throw new RecordsError('SB_NETWORK', response.status);
  return body;
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isVoicemailList = (body: unknown): body is VoicemailList => isObject(body) && Array.isArray(body.messages) && typeof body.marks === 'boolean';
const isHistoryPage = (body: unknown): body is HistoryPage => isObject(body) && Array.isArray(body.entries) && (body.next === null || typeof body.next === 'string');
const isDeleted = (body: unknown): body is VoicemailDeleted => isObject(body) && typeof body.deleted === 'string';

/** `GET /voicemail`: the team's messages, newest first, with the marks as I see them. */
export function fetchVoicemail(transport: RecordsTransport): Promise<VoicemailList> {
  return json(transport, '/voicemail', isVoicemailList);
}

/** `GET /calls`: the newest page of the history in `view` (`?mine=1`: the person's own calls), or the one after `cursor`. */
export function fetchHistory(transport: RecordsTransport, view: HistoryView = 'all', cursor?: string): Promise<HistoryPage> {
  const query = [view === 'mine' ? 'mine=1' : '', cursor ? `before=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&');
  return json(transport, query ? `/calls?${query}` : '/calls', isHistoryPage);
}

/** `GET /recording`: a voicemail's audio as a Blob (an `<audio src>` cannot carry the Bearer header). */
export async function fetchRecording(transport: RecordsTransport, id: string): Promise<Blob> {
  return (await request(transport, `/recording?id=${encodeURIComponent(id)}`)).blob();
}

/** `POST /do-not-disturb`: switches the signed-in person's do-not-disturb, for all their browsers. */
export async function postDoNotDisturb(transport: RecordsTransport, on: boolean): Promise<void> {
  await json(transport, '/do-not-disturb', (body): body is DoNotDisturbState => isObject(body) && body.dnd === on, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ on: String(on) }).toString(),
  });
}

/** `POST /voicemail-delete`: deletes a message for the whole team. */
export async function deleteVoicemail(transport: RecordsTransport, id: string): Promise<void> {
  await json(transport, '/voicemail-delete', isDeleted, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id }).toString() });
}
