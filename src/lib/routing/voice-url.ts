import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Config } from '../config/config';
import { countryOf, decideDial, looksLikePhoneNumber } from '../numbers/full-metadata';
import { dialPhone, dialTeammate, SAY, sayAndHangup } from '../voice/twiml';
import { CLIENT_PREFIX, param } from '../runtime/event';
import type { Routing } from './file';
import { routeInbound } from './route-call';
import { announcements } from '../voice/recording-notice';

/**
 * The Voice URL: browser calls go out; every other call is routed (routing.json: hours, menu,
 * groups) or, without a routing file, rings the whole team in waves of 10.
 */
export function answerCall(params: Record<string, unknown>, config: Config, routing?: Routing, now = new Date(), away: ReadonlySet<string> = new Set()): VoiceResponse {
  const from = param(params, 'From');
  if (from.startsWith(CLIENT_PREFIX)) {
    // A token outlives its holder's place in TEAM (up to TOKEN_TTL): calls out stop at once.
    if (!config.team.has(from.slice(CLIENT_PREFIX.length))) return sayAndHangup(SAY.notOnTeam);
    // Browsers send `To`; Twilio's mobile quickstarts send `to`.
    return placeOutbound(param(params, 'To') || param(params, 'to'), config, away);
  }
  return routeInbound(params, { config, routing, now, away });
}

/** A teammate by name, or a phone number the dialling policy allows; otherwise says why not. */
function placeOutbound(rawCallee: string, config: Config, away: ReadonlySet<string>): VoiceResponse {
  const callee = rawCallee.trim().replace(/^client:/, '');
  if (!callee) return sayAndHangup(SAY.noCallee);
  // Whoever answers hears the recording notice first, if calls may be recorded.
  const { answerUrl } = announcements(config);
  if (config.team.has(callee)) return away.has(callee) ? sayAndHangup(SAY.teammateDnd) : dialTeammate(callee, config.ringTimeout, { answerUrl });
  if (!looksLikePhoneNumber(callee)) return sayAndHangup(SAY.unknownTeammate);
  const decision = decideDial(callee, config.allowedCountries, countryOf(config.callerId));
  if (!decision.ok) return sayAndHangup(SAY[decision.reason]);
  return dialPhone(decision.e164, config.callerId, config.ringTimeout, { answerUrl });
}
