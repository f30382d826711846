import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Config } from '../config/config';
import { CLIENT_PREFIX, param } from '../runtime/event';
import { forwardCall, hangup, SAY, sayAndHangup } from './twiml';
import { voicemailPrompt } from './voicemail-twiml';

/** What the caller hears when a browser's dial ended without a conversation. */
const UNANSWERED_OUTBOUND: ReadonlyMap<string, string> = new Map([
  ['busy', SAY.busy],
  ['no-answer', SAY.noAnswer],
  ['failed', SAY.failed],
]);

type AfterDialConfig = Pick<Config, 'forwardTo' | 'voicemailGreeting' | 'voicemailMaxSeconds'>;

/**
 * True when the dial led to a conversation, or the caller left before anyone answered (then
 * Twilio reports `canceled` and ignores what we answer): nothing more to do but hang up.
 */
export function dialEnded(params: Record<string, unknown>): boolean {
  const status = param(params, 'DialCallStatus');
  return status === 'completed' || status === 'answered' || status === 'canceled';
}

/**
 * `<Dial action>` of /voice: hang up after a conversation; tell a browser caller why nobody
 * answered; an inbound caller nobody took (no answer, everyone busy or rejecting, failed) goes to
 * FORWARD_TO when set, else to voicemail.
 */
export function afterDial(params: Record<string, unknown>, config: AfterDialConfig): VoiceResponse {
  if (dialEnded(params)) return hangup();
  if (param(params, 'From').startsWith(CLIENT_PREFIX)) return sayAndHangup(UNANSWERED_OUTBOUND.get(param(params, 'DialCallStatus')) ?? SAY.noAnswer);
  return unansweredInbound(config);
}

/** An inbound caller nobody took: FORWARD_TO when set, else voicemail. */
export function unansweredInbound(config: AfterDialConfig): VoiceResponse {
  return config.forwardTo ? forwardCall(config.forwardTo) : voicemailPrompt(config);
}

/** `<Dial action>` of the forward to FORWARD_TO: hang up after a conversation, else voicemail. */
export function afterForward(params: Record<string, unknown>, config: AfterDialConfig): VoiceResponse {
  return dialEnded(params) ? hangup() : voicemailPrompt(config);
}
