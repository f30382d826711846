import { param } from '../runtime/event';
import type { IncomingCallDetails } from '../contract/call-parameters';
import { xmlText } from './twiml';

/** Caller-controlled text passed on to teammates is cut to this length. */
const MAX_CALLER_FIELD = 64;

/** A caller-controlled parameter as a teammate is shown it. */
function field(params: Record<string, unknown>, name: string): string {
  // Cut first, then clean: a cut can split a surrogate pair, and cleaning drops the half.
  return xmlText(param(params, name).slice(0, MAX_CALLER_FIELD));
}

/** The caller's number as a ringing teammate is shown it ('unknown' when there is none). */
export function callerNumber(params: Record<string, unknown>): string {
  return field(params, 'From') || 'unknown';
}

/** What a ringing teammate is shown about an inbound caller (from Twilio's parameters, on every wave). */
export function callerInfo(params: Record<string, unknown>): IncomingCallDetails {
  const location = [field(params, 'FromCity'), field(params, 'FromState'), field(params, 'FromCountry')].filter(Boolean).join(', ');
  const name = field(params, 'CallerName');
  return { callerNumber: callerNumber(params), ...(name ? { callerName: name } : {}), ...(location ? { callerLocation: location } : {}) };
}
