/**
 * The page's side of POST /call-control: one request per button, with the session's access token
 * as Bearer and the page's own leg (the SDK's CallSid). Refusals come back as PageErrors carrying
 * the error table's code, so the page says why in its own words; the call is never dropped by one.
 */
import type { ControlAction, ControlReply, ControlRequest } from '../../lib/contract/call-control';
import type { ErrorReply } from '../../lib/contract/errors';
import { PageError } from '../page/errors';
import { bearerAuthorization } from './session';

/** Under a deployed Function's 10 s limit plus the way there and back. */
const TIMEOUT_MS = 12_000;

/** Asks /call-control to do `action` on the call whose leg is `callSid`. */
export async function controlCall(token: string, callSid: string, action: ControlAction, target?: string, fetcher: typeof fetch = fetch): Promise<ControlReply> {
  let response: Response;
  try {
    response = await fetcher('/call-control', {
      method: 'POST',
      headers: { Authorization: bearerAuthorization(token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ action, callSid, ...(target ? { target } : {}) } satisfies ControlRequest),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new PageError('SB_NETWORK');
  }
  const body = (await response.json().catch(() => ({}))) as Partial<ControlReply & ErrorReply>;
  if (!response.ok) throw new PageError(body.error?.code ?? (response.status >= 500 ? 'SB_TWILIO_UNAVAILABLE' : 'SB_BAD_REQUEST'));
  return { state: body.state ?? 'talking', parties: body.parties ?? [], at: body.at ?? 0 };
}
