import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Config } from './config';
import { countryOf, decideDial, looksLikePhoneNumber } from './numbers';
import { dialPhone, dialTeammate, ringGroup, SAY, sayAndHangup, xmlText, type CallerInfo } from './twiml';
import { CLIENT_PREFIX, param } from './event';

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
