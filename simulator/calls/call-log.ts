/**
 * The call log (`GET /__sim/calls`): what happened on every call, in plain JSON, for tests and
 * for people debugging their TwiML.
 */
import type { WebhookParams, WebhookResult } from '../twiml/webhooks';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
export type LegStatus = 'ringing' | 'in-progress' | 'completed' | 'canceled' | 'rejected' | 'no-answer' | 'failed';

/** One webhook request and its answer. */
export interface SimWebhook {
  kind: 'voice' | 'fallback' | 'action' | 'redirect' | 'status' | 'recording-status' | 'whisper' | 'conference-status';
  url: string;
  params: WebhookParams;
  /** HTTP status, 0 when no answer came. */
  status: number;
  /** The TwiML (or other body) that came back. */
  response: string;
  ms: number;
  error?: { code: number; message: string };
}

/** One leg the call rang: a device of a `<Client>` or the simulated phone of a `<Number>`. */
export interface SimLeg {
  sid: string;
  /** `client:alice` or `+14155550123`. */
  to: string;
  from: string;
  /** Which signed-in device (signaling connection) it rang. */
  deviceId: number;
  status: LegStatus;
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  /** The leg that dialled this one when it is not the parent call: a redirected leg's own `<Dial>` (a grandchild of the call). */
  parentSid?: string;
  /** `<Say>`s of TwiML the leg ran itself (after a REST API redirect of the leg). */
  says?: string[];
}

/** A call: the parent leg Twilio runs TwiML for, plus the legs it dialled. */
export interface SimCall {
  sid: string;
  from: string;
  to: string;
  /** `outbound-api` for calls the REST API created. */
  direction: 'inbound' | 'outbound-api';
  status: CallStatus;
  /** When the REST API queued the call (API-created calls only; others start when created). */
  createdAt?: string;
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  /** Seconds between answer and end, as the status callback reports it. */
  duration?: number;
  legs: SimLeg[];
  webhooks: SimWebhook[];
  /** Every `<Say>`, in order: what the caller heard. */
  says: string[];
  /** Notes: dial outcomes, skipped verbs, errors (12100 etc.). */
  events: { at: string; text: string; code?: number }[];
}

export const now = (): string => new Date().toISOString();

/** The call log's entry for one webhook the simulator posted. */
export function webhookEntry(kind: SimWebhook['kind'], result: WebhookResult): SimWebhook {
  return { kind, url: result.url, params: result.params, status: result.status, response: result.body, ms: result.ms, ...(result.error ? { error: result.error } : {}) };
}
