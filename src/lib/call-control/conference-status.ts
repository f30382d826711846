/**
 * The conference status callback of every `sb-…` conference (/conference-status), also the
 * status callback of each consultation's call: at each participant join or leave, re-reads the conference from Twilio's REST API and applies the
 * decision of conference-rules.ts. No state of ours; a repeated or late event re-reads and finds
 * nothing left to do. The answer is empty TwiML (Twilio ignores a status callback's body).
 */
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { param } from '../event';
import { CALL_SID } from '../rest-records';
import { logEvent } from '../runtime';
import { emptyResponse } from '../twiml';
import type { ControlApi, LegRecord } from './control-api';
import { decide, heldAlone, type ParticipantEvent } from './conference-rules';
import { conferenceName } from './names';

/** The events the conference asks for (`statusCallbackEvent`), and the `StatusCallbackEvent` each posts. */
export const CONFERENCE_EVENTS = ['join', 'leave'] as const;
const KINDS: Record<string, ParticipantEvent['kind']> = { 'participant-join': 'join', 'participant-leave': 'leave' };

const CONFERENCE_SID = /^CF[0-9a-f]{32}$/;
/** Only our own conferences (names.ts); a stray callback for any other is left alone. */
const OUR_CONFERENCE = new RegExp(`^${conferenceName('CA[0-9a-f]{32}')}$`);

/** The event in the signed parameters, or undefined for one that is not ours to act on. */
function participantEvent(params: Record<string, unknown>): (ParticipantEvent & { conferenceSid: string }) | undefined {
  const kind = KINDS[param(params, 'StatusCallbackEvent')];
  const conferenceSid = param(params, 'ConferenceSid');
  const callSid = param(params, 'CallSid');
  if (!kind || !CONFERENCE_SID.test(conferenceSid) || !CALL_SID.test(callSid) || !OUR_CONFERENCE.test(param(params, 'FriendlyName'))) return undefined;
  return { kind, conferenceSid, callSid, label: param(params, 'ParticipantLabel') };
}

/** Final statuses of a consultation's call (its status callback's `completed` event). */
const CALL_ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/**
 * A consultation's call ended (its Participants create's `StatusCallback`; Twilio names no
 * conference there): every live `sb-…` conference where a held party is now alone ends.
 */
async function consultationEnded(api: ControlApi): Promise<void> {
  const ours = (await api.liveConferences()).filter((c) => OUR_CONFERENCE.test(c.friendlyName));
  for (const { sid } of ours) {
    if (!heldAlone(await api.participants(sid))) continue;
    await api.endConference(sid);
    logEvent('conference-rule', { conferenceSid: sid, event: 'consultation-ended', decision: 'end' });
  }
}

/**
 * Reads the conference, decides, and ends it or takes the held caller off hold; or, for the end
 * of a consultation's call, ends the conferences where it left a held party alone.
 */
export async function conferenceStatus(params: Record<string, unknown>, api: ControlApi): Promise<VoiceResponse> {
  if (!param(params, 'StatusCallbackEvent') && CALL_ENDED.has(param(params, 'CallStatus')) && CALL_SID.test(param(params, 'CallSid'))) {
    await consultationEnded(api);
    return emptyResponse();
  }
  const event = participantEvent(params);
  if (!event) return emptyResponse();
  const participants = await api.participants(event.conferenceSid);
  if (!participants.length) return emptyResponse(); // over already
  // After a leave: the leaving party's call, and the unheld ones' (who consulted whom); a few reads, in parallel.
  const wanted = event.kind === 'leave' ? new Set([event.callSid, ...participants.filter((p) => p.status === 'connected' && !p.hold).map((p) => p.callSid)]) : new Set<string>();
  const legs = new Map<string, LegRecord | undefined>(await Promise.all([...wanted].map(async (sid) => [sid, await api.fetchCall(sid)] as const)));
  const decision = decide(event, participants, legs);
  if (decision.kind === 'end') await api.endConference(event.conferenceSid);
  if (decision.kind === 'unhold') await api.updateParticipant(event.conferenceSid, decision.callSid, { hold: false });
  if (decision.kind !== 'none') logEvent('conference-rule', { conferenceSid: event.conferenceSid, event: event.kind, callSid: event.callSid, decision: decision.kind });
  return emptyResponse();
}
