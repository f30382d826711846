/**
 * A parent call's requests to the TwiML App: the Voice URL's documents (falling back once to the
 * Voice Fallback URL), `action`s and redirects, and the status callback when the call ends. Every
 * request is signed, kept in the call log and logged.
 */
import { webhookEntry, type CallStatus, type SimCall, type SimWebhook } from './call-log';
import { twimlAnswer } from './twiml-answer';
import type { TwimlDocument } from '../twiml/twiml-executor';
import { postWebhook, type WebhookParams, type WebhookResult } from '../twiml/webhooks';

export interface CallWebhooksContext {
  record: SimCall;
  authToken: string;
  webhookTimeoutMs?: number;
  fallbackUrl: string;
  /** The call's webhook parameters now (CallStatus included). */
  params(): WebhookParams;
  isEnded(): boolean;
  /** True while the simulator shuts down: no more webhooks. */
  stopping(): boolean;
  note(text: string, code?: number): void;
  log(line: string): void;
}

/** The webhooks of one parent call. */
export class CallWebhooks {
  private usedFallback = false;

  constructor(private readonly context: CallWebhooksContext) {}

  /** Posts the call's parameters and `extra` to `url`, and logs the answer. */
  async post(kind: SimWebhook['kind'], url: string, extra: WebhookParams): Promise<WebhookResult> {
    const { context } = this;
    const result = await postWebhook(url, { ...context.params(), ...extra }, context.authToken, context.webhookTimeoutMs);
    context.record.webhooks.push(webhookEntry(kind, result));
    context.log(`${context.record.sid} POST ${url} → ${result.status || result.error?.message} (${result.ms} ms)`);
    return result;
  }

  /** A TwiML document from `url`; on failure the Voice Fallback URL's (once per call). */
  async document(kind: SimWebhook['kind'], url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> {
    const { context } = this;
    if (context.stopping()) return undefined;
    const result = await this.post(kind, url, extra);
    if (context.isEnded()) return undefined;
    const answer = twimlAnswer(result, (text, code) => context.note(text, code));
    if ('document' in answer) return answer.document;
    // Only the call's own documents fall back; a whisper's failure leaves its leg unconnected.
    if (kind === 'fallback' || kind === 'whisper' || this.usedFallback) return undefined;
    this.usedFallback = true;
    return this.document('fallback', context.fallbackUrl, { ErrorCode: String(answer.error.code), ErrorUrl: url });
  }

  /** The status callback of the ended call. */
  async ended(url: string, status: CallStatus, duration: number): Promise<void> {
    if (this.context.stopping()) return;
    await this.post('status', url, {
      CallStatus: status,
      CallDuration: String(duration),
      Timestamp: new Date().toUTCString(),
      CallbackSource: 'call-progress-events',
      SequenceNumber: '0',
    });
  }
}
