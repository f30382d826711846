/**
 * The conference status callback of every `sb-…` conference (/conference-status), also the
 * status callback of each consultation's call: at each participant join or leave, re-reads the
 * conference from Twilio's REST API, applies the decision of conference-rules.ts and tells the
 * teammates still in it who is there now (party-news.ts). No state of ours; a repeated or late
 * event re-reads and finds nothing left to do. The answer is empty TwiML
 * (Twilio ignores a status callback's body).
 */
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { clientIdentity, param } from '../runtime/event';
import { CALL_SID, CONFERENCE_SID } from '../records/rest-records';
import { logEvent } from '../runtime/serverless';
import { emptyResponse } from '../voice/twiml';
import type { ControlApi, LegRecord, ParticipantRecord } from './control-api';
import { decide, heldAlone, type ConferenceDecision, type ParticipantEvent } from './conference-rules';
import { CALLER_LABEL, rootOfConference } from './names';
import { follow, type HoldFollowers } from './hold-followers';
import { callerAddress } from './party';
import { tellTeammates } from './party-news';

/** The events the conference asks for (`statusCallbackEvent`), and the `StatusCallbackEvent` each posts. */
export const CONFERENCE_EVENTS = ['join', 'leave'] as const;
// A Map: a `StatusCallbackEvent` such as `constructor` must find nothing.
const KINDS = new Map<string, ParticipantEvent['kind']>([
  ['participant-join', 'join'],
  ['participant-leave', 'leave'],
]);

/** Only our own conferences (names.ts); a stray callback for any other is left alone. */
const isOurs = (friendlyName: string) => rootOfConference(friendlyName) !== undefined;

/** The event in the signed parameters, or undefined for one that is not ours to act on. */
function participantEvent(params: Record<string, unknown>): (ParticipantEvent & { conferenceSid: string }) | undefined {
  const kind = KINDS.get(param(params, 'StatusCallbackEvent'));
  const conferenceSid = param(params, 'ConferenceSid');
  const callSid = param(params, 'CallSid');
  if (!kind || !CONFERENCE_SID.test(conferenceSid) || !CALL_SID.test(callSid) || !isOurs(param(params, 'FriendlyName'))) return undefined;
  return { kind, conferenceSid, callSid, label: param(params, 'ParticipantLabel') };
}

/** Final statuses of a consultation's call (its status callback's `completed` event). */
const CALL_ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** The team's voicemail as inline TwiML (absolute URLs), for a caller whose call goes there. */
export type VoicemailTwiml = () => VoiceResponse;

/** A phone that called the team: its leg is the root of the call, inbound (not a teammate's browser, not a number a teammate dialled). */
const isTeamCaller = (held: ParticipantRecord, leg: LegRecord | undefined) => held.label === CALLER_LABEL && leg?.direction === 'inbound' && !leg.parentCallSid;

/**
 * A consultation's call ended (its Participants create's `StatusCallback`; Twilio names no
 * conference there): in every live `sb-…` conference where a held party is now alone, a phone that
 * called the team goes to voicemail (its leg runs the voicemail TwiML and so leaves the
 * conference, which then ends empty); anyone else's conference ends.
 */
async function consultationEnded(api: ControlApi, voicemail: VoicemailTwiml, consulter: string | undefined): Promise<void> {
  const ours = (await api.liveConferences()).filter((c) => isOurs(c.friendlyName));
  for (const { sid } of ours) {
    const at = Date.now();
    const participants = await api.participants(sid);
    // The consulting teammate still in the call sees the one they rang gone (it never joined, so never left).
    if (!heldAlone(participants) && participants.some((p) => p.label === consulter)) await tellTeammates(api, participants, at);
    if (!heldAlone(participants)) continue;
    const held = participants.find((p) => p.status === 'connected')!;
    const toVoicemail = isTeamCaller(held, await api.fetchCall(held.callSid));
    if (toVoicemail) await api.updateCall(held.callSid, { twiml: voicemail().toString() });
    else await api.endConference(sid);
    logEvent('conference-rule', { conferenceSid: sid, event: 'consultation-ended', decision: toVoicemail ? 'voicemail' : 'end' });
  }
}

/** The participants as they are once `decision` is applied (a held caller taken off hold). */
function afterDecision(participants: readonly ParticipantRecord[], decision: ConferenceDecision): ParticipantRecord[] {
  return participants.map((p) => (decision.kind === 'unhold' && p.callSid === decision.callSid ? { ...p, hold: false } : p));
}

/** Notes in the Team list that `identity`'s call on leg `legSid` is now with `address` (a number, or `client:` a teammate). */
export type NotePeer = (identity: string, legSid: string, address: string) => Promise<void>;

/**
 * After a leave that leaves one teammate talking with the caller (a consultation completed or
 * abandoned by the one who consulted, or a merged call the other teammate left), the Team list
 * names the caller as that teammate's party. `legs` holds the calls read already: every unheld
 * party's, the caller's among them.
 */
async function noteLeftWithCaller(participants: readonly ParticipantRecord[], legs: ReadonlyMap<string, LegRecord | undefined>, notePeer: NotePeer): Promise<void> {
  const connected = participants.filter((p) => p.status === 'connected');
  const caller = connected.find((p) => p.label === CALLER_LABEL && !p.hold);
  const teammate = connected.find((p) => p !== caller);
  const callerLeg = caller && legs.get(caller.callSid);
  if (connected.length !== 2 || !callerLeg || !teammate?.label) return;
  await notePeer(teammate.label, teammate.callSid, callerAddress(callerLeg));
}

/**
 * Reads the conference, decides, and ends it or takes the held caller off hold; or, for the end
 * of a consultation's call, ends the conferences where it left a held party alone (a team caller: voicemail).
 */
export async function conferenceStatus(params: Record<string, unknown>, api: ControlApi, voicemail: VoicemailTwiml, hold?: HoldFollowers, notePeer?: NotePeer): Promise<VoiceResponse> {
  if (!param(params, 'StatusCallbackEvent') && CALL_ENDED.has(param(params, 'CallStatus')) && CALL_SID.test(param(params, 'CallSid'))) {
    await consultationEnded(api, voicemail, clientIdentity(param(params, 'From')));
    return emptyResponse();
  }
  const event = participantEvent(params);
  if (!event) return emptyResponse();
  const at = Date.now();
  const participants = await api.participants(event.conferenceSid);
  if (!participants.length) return emptyResponse(); // over already
  // The party's call (gone on or ended? a consultation?) and, after a leave, the unheld ones' (who consulted whom); a few reads, in parallel.
  const wanted = new Set([event.callSid, ...(event.kind === 'leave' ? participants.filter((p) => p.status === 'connected' && !p.hold).map((p) => p.callSid) : [])]);
  const legs = new Map<string, LegRecord | undefined>(await Promise.all([...wanted].map(async (sid) => [sid, await api.fetchCall(sid)] as const)));
  const decision = decide(event, participants, legs);
  if (decision.kind === 'end') await api.endConference(event.conferenceSid);
  if (decision.kind === 'unhold') {
    await api.updateParticipant(event.conferenceSid, decision.callSid, { hold: false });
    const leg = legs.get(decision.callSid) ?? (await api.fetchCall(decision.callSid));
    legs.set(decision.callSid, leg);
    if (leg) await follow(hold, 'unheld', { leg, root: rootOfConference(param(params, 'FriendlyName'))! });
  }
  if (decision.kind !== 'none') logEvent('conference-rule', { conferenceSid: event.conferenceSid, event: event.kind, callSid: event.callSid, decision: decision.kind });
  if (decision.kind === 'end') return emptyResponse();
  const after = afterDecision(participants, decision);
  await tellTeammates(api, after, at, event.kind === 'leave' ? [event.callSid] : []);
  const stayed = after.filter((p) => p.callSid !== event.callSid);
  if (event.kind === 'leave' && notePeer) await noteLeftWithCaller(stayed, legs, notePeer);
  return emptyResponse();
}
