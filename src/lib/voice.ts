import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Config } from './config';
import { countryOf, decideDial, looksLikePhoneNumber } from './numbers';
import { dialPhone, dialTeammate, hangup, ringGroup, SAY, sayAndHangup, unansweredInbound, xmlText, type CallerInfo } from './twiml';
import { param } from './webhooks';

const CLIENT_PREFIX = 'client:';
/** Caller-controlled text passed on to teammates is cut to this length. */
const MAX_CALLER_FIELD = 64;

/** The Voice URL (design §4): browser calls go out, every other call rings the team. */
export function answerCall(params: Record<string, unknown>, config: Config): VoiceResponse {
  const from = param(params, 'From');
  if (from.startsWith(CLIENT_PREFIX)) {
    // A token outlives its holder's place in TEAM (up to TOKEN_TTL): calls out stop at once.
    if (!config.team.has(from.slice(CLIENT_PREFIX.length))) return sayAndHangup(SAY.notOnTeam);
    // Browsers send `To`; Twilio's mobile quickstarts send `to`.
    return placeOutbound(param(params, 'To') || param(params, 'to'), config);
  }
  return ringGroup([...config.team.keys()], callerInfo(params), config.ringTimeout);
}

/** A teammate by name, or a phone number the dialling policy allows; otherwise says why not. */
function placeOutbound(rawCallee: string, config: Config): VoiceResponse {
  const callee = rawCallee.trim().replace(/^client:/, '');
  if (!callee) return sayAndHangup(SAY.noCallee);
  if (config.team.has(callee)) return dialTeammate(callee, config.ringTimeout);
  if (!looksLikePhoneNumber(callee)) return sayAndHangup(SAY.unknownTeammate);
  const decision = decideDial(callee, config.allowedCountries, countryOf(config.callerId));
  if (!decision.ok) return sayAndHangup(SAY[decision.reason]);
  return dialPhone(decision.e164, config.callerId, config.ringTimeout);
}

/** What a ringing teammate is shown about an inbound caller. */
function callerInfo(params: Record<string, unknown>): CallerInfo {
  // Cut first, then clean: a cut can split a surrogate pair, and cleaning drops the half.
  const field = (name: string) => xmlText(param(params, name).slice(0, MAX_CALLER_FIELD));
  const location = [field('FromCity'), field('FromState'), field('FromCountry')].filter(Boolean).join(', ');
  const info: Record<string, string> = { callerNumber: field('From') || 'unknown' };
  if (field('CallerName')) info.callerName = field('CallerName');
  if (location) info.callerLocation = location;
  return info;
}

/** What the caller hears when a browser's dial ended without a conversation. */
const UNANSWERED_OUTBOUND: ReadonlyMap<string, string> = new Map([
  ['busy', 'The line is busy. Goodbye.'],
  ['no-answer', SAY.noAnswer],
  ['failed', 'The call could not be connected. Goodbye.'],
]);

/** `<Dial action>`: hang up after a conversation; otherwise tell the caller, or forward inbound calls. */
export function afterDial(params: Record<string, unknown>, config: Pick<Config, 'forwardTo'>): VoiceResponse {
  const status = param(params, 'DialCallStatus');
  if (status === 'completed' || status === 'answered' || status === 'canceled') return hangup();
  if (param(params, 'From').startsWith(CLIENT_PREFIX)) return sayAndHangup(UNANSWERED_OUTBOUND.get(status) ?? SAY.noAnswer);
  return unansweredInbound(config.forwardTo);
}
