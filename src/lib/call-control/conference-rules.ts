/**
 * What a call's conference needs after a participant joins or leaves, decided from Twilio's REST
 * state alone (the Participants list and the legs' Call records, re-read at each event, so events
 * that repeat or arrive out of order lead to the same decision):
 * 1. teammates do not end the conference by leaving (their `endConferenceOnExit` is false); the
 *    caller's is true, so a caller who hangs up still ends the call for everyone;
 * 2. a leave that leaves one party alone, with nobody still being dialled in, ends the conference:
 *    the caller (or a teammate) is never left alone on hold music;
 * 3. a held caller is handed on: when the teammate who held them leaves and the teammate they
 *    consulted is connected, or that teammate answers after the one who held them left, the caller
 *    comes off hold (as Complete does);
 * 4. after a Merge either teammate may leave: the two others keep talking (rule 2 does not apply).
 * A consultation that is never answered never joins, so it never leaves either: its call's end
 * (the Participants create's status callback) looks for a held party it left alone (`heldAlone`).
 */
import { isConsultation } from '../records/call-family';
import { clientIdentity } from '../runtime/event';
import type { LegRecord, ParticipantRecord } from './control-api';

/** A participant event of the conference's status callback. */
export interface ParticipantEvent {
  readonly kind: 'join' | 'leave';
  /** The participant's call. */
  readonly callSid: string;
  /** Its participant label (a teammate's identity, or `caller`). */
  readonly label: string;
}

/** What to do to the conference: nothing, end it, or take a held participant off hold. */
export type ConferenceDecision = { readonly kind: 'none' } | { readonly kind: 'end' } | { readonly kind: 'unhold'; readonly callSid: string };

/** Participant statuses of a party still being dialled in (a consultation that rings). */
const DIALLING = new Set(['queued', 'connecting', 'ringing']);

const NOTHING: ConferenceDecision = { kind: 'none' };

/**
 * Rule 2 when no leave tells it: a held party alone, with nobody being dialled in (a consultation
 * that rang out after the teammate who held them left, which never joined and so never leaves).
 */
export function heldAlone(participants: readonly ParticipantRecord[]): boolean {
  const { connected, held, dialling } = others(participants, '');
  return connected.length === 1 && held.length === 1 && !dialling.length;
}

/** The teammate who dialled this leg in with the Participants API (a consultation), if it is one. */
export function consultedBy(leg: LegRecord | undefined): string | undefined {
  return leg && isConsultation(leg) ? clientIdentity(leg.from) : undefined;
}

/** The parties still in the call besides `callSid`: connected ones (held or not) and ones being dialled in. */
function others(participants: readonly ParticipantRecord[], callSid: string) {
  const present = participants.filter((p) => p.callSid !== callSid);
  const connected = present.filter((p) => p.status === 'connected');
  return { connected, held: connected.filter((p) => p.hold), talking: connected.filter((p) => !p.hold), dialling: present.filter((p) => DIALLING.has(p.status)) };
}

/**
 * The decision after `event`, from the conference's participants now and the Call records of the
 * leaving party and of the connected unheld ones (`legs`, by CallSid; a missing one is unknown).
 */
export function decide(event: ParticipantEvent, participants: readonly ParticipantRecord[], legs: ReadonlyMap<string, LegRecord | undefined>): ConferenceDecision {
  return event.kind === 'leave' ? afterLeave(event, participants, legs) : afterJoin(event, participants, legs);
}

function afterLeave(event: ParticipantEvent, participants: readonly ParticipantRecord[], legs: ReadonlyMap<string, LegRecord | undefined>): ConferenceDecision {
  // A party whose call goes on left for other TwiML (a cold transfer's dial): whoever waits for it stays.
  if (legs.get(event.callSid)?.status === 'in-progress') return NOTHING;
  const { connected, held, talking, dialling } = others(participants, event.callSid);
  if (dialling.length) return NOTHING; // rule 3 decides when the one being dialled joins (or rule 2 if it fails)
  if (connected.length === 1) return { kind: 'end' }; // rule 2
  // Rule 3: the one left talking was consulted by the teammate who left (who held the caller).
  if (held.length === 1 && talking.length === 1 && consultedBy(legs.get(talking[0].callSid)) === event.label) return { kind: 'unhold', callSid: held[0].callSid };
  return NOTHING;
}

function afterJoin(event: ParticipantEvent, participants: readonly ParticipantRecord[], legs: ReadonlyMap<string, LegRecord | undefined>): ConferenceDecision {
  const everyone = others(participants, '');
  const [joined] = everyone.talking;
  // Rule 3: a held caller and, unheld, only a consulted teammate who just joined: the one who held them left meanwhile.
  // (Not a party following its call into the conference, whose join may come after the hold.)
  const consulted = consultedBy(legs.get(event.callSid)) !== undefined;
  if (consulted && everyone.held.length === 1 && everyone.talking.length === 1 && joined.callSid === event.callSid && !everyone.dialling.length)
    return { kind: 'unhold', callSid: everyone.held[0].callSid };
  return NOTHING;
}
