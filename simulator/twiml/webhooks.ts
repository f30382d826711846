/**
 * Webhooks as Twilio sends them: form-encoded POSTs signed with the auth token
 * (`X-Twilio-Signature`, computed by `twilio`'s own helper), with an idempotency token, a
 * timeout, and only ever to loopback (the simulator must not reach the outside world).
 */
import { randomUUID } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/** Twilio gives a webhook 15 s before it counts as failed (error 11205 / fallback). */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** Longest response body kept in the call log. */
const MAX_LOGGED_BODY = 16 * 1024;
/** Characters of a response read as TwiML: just past Twilio's 64 KB limit, so that 11750 can be told. */
const MAX_READ_CHARS = 64 * 1024 + 1;

export type WebhookParams = Record<string, string>;

export interface WebhookResult {
  url: string;
  params: WebhookParams;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  contentType: string;
  /** The response body as the call log keeps it (its first 16 KB). */
  body: string;
  /** The response body read as TwiML: whole, up to just past Twilio's 64 KB limit. */
  text: string;
  ms: number;
  /** Set when the request failed: Twilio's code for the kind of failure. */
  error?: { code: 11200 | 11205 | 11210; message: string };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for http(s) URLs on this machine, the only ones the simulator calls. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK.has(parsed.hostname);
  } catch {
    return false;
  }
}

/** POSTs a signed webhook and reports what came back; never throws. */
export async function postWebhook(url: string, params: WebhookParams, authToken: string, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<WebhookResult> {
  const started = Date.now();
  const result = (fields: Partial<WebhookResult>): WebhookResult => ({ url, params, status: 0, contentType: '', body: '', text: '', ms: Date.now() - started, ...fields });
  if (!isLoopbackUrl(url)) return result({ error: { code: 11210, message: `the simulator only calls http(s) URLs on localhost, not ${url.slice(0, 200)}` } });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Twilio-Signature': getExpectedTwilioSignature(authToken, url, params),
        'I-Twilio-Idempotency-Token': randomUUID(),
        'User-Agent': 'TwilioProxy/1.1',
        'X-Home-Region': 'us1',
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const text = (await response.text()).slice(0, MAX_READ_CHARS);
    const contentType = response.headers.get('content-type') ?? '';
    const fields = { status: response.status, contentType, body: text.slice(0, MAX_LOGGED_BODY), text };
    if (response.status < 200 || response.status >= 300) return result({ ...fields, error: { code: 11200, message: `HTTP ${response.status} from ${url}` } });
    return result(fields);
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return result({ error: { code: timedOut ? 11205 : 11200, message: timedOut ? `no response from ${url} within ${timeoutMs} ms` : `could not reach ${url}: ${(error as Error).message}` } });
  }
}
