import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Config } from './config';
import { CLIENT_PREFIX, param } from './event';
import { hangup, SAY, sayAndHangup, unansweredInbound } from './twiml';

/** What the caller hears when a browser's dial ended without a conversation. */
const UNANSWERED_OUTBOUND: ReadonlyMap<string, string> = new Map([
  ['busy', SAY.busy],
  ['no-answer', SAY.noAnswer],
  ['failed', SAY.failed],
]);

/** `<Dial action>`: hang up after a conversation; otherwise tell the caller, or forward inbound calls. */
export function afterDial(params: Record<string, unknown>, config: Pick<Config, 'forwardTo'>): VoiceResponse {
  const status = param(params, 'DialCallStatus');
  if (status === 'completed' || status === 'answered' || status === 'canceled') return hangup();
  if (param(params, 'From').startsWith(CLIENT_PREFIX)) return sayAndHangup(UNANSWERED_OUTBOUND.get(status) ?? SAY.noAnswer);
  return unansweredInbound(config.forwardTo);
}
