import { param } from './event';
import { xmlText, type CallerInfo } from './twiml';

/** Caller-controlled text passed on to teammates is cut to this length. */
const MAX_CALLER_FIELD = 64;

/** What a ringing teammate is shown about an inbound caller (from Twilio's parameters, on every wave). */
export function callerInfo(params: Record<string, unknown>): CallerInfo {
  // Cut first, then clean: a cut can split a surrogate pair, and cleaning drops the half.
  const field = (name: string) => xmlText(param(params, name).slice(0, MAX_CALLER_FIELD));
  const location = [field('FromCity'), field('FromState'), field('FromCountry')].filter(Boolean).join(', ');
  const info: Record<string, string> = { callerNumber: field('From') || 'unknown' };
  if (field('CallerName')) info.callerName = field('CallerName');
  if (location) info.callerLocation = location;
  return info;
}
