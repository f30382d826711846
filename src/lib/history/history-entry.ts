/**
 * The team's call history from Twilio's Call resources (`GET /calls`): each parent call is one entry,
 * its legs (`ParentCallSid`) say who answered. Which calls are the team's:
 * - `in`: a phone called the team number (CALLER_ID); answered by the teammate whose `client:` leg
 *   was answered (or by FORWARD_TO's leg), else voicemail when a message was left, else busy when
 *   every leg was busy, failed when every leg failed, missed otherwise;
 * - `out`: a teammate's browser (`From=client:x`) called a phone, or the API placed a call from CALLER_ID;
 * - `team`: a teammate's browser called a teammate.
 * Calls still ringing or going on are left out until they end. A call's records (its legs, their
 * legs, its consultations) are grouped by call-family.ts; a consultation is never an entry itself.
 */
import { ANSWERED, consulterLeg, isConsultation } from '../records/call-family';
import { clientIdentity } from '../runtime/event';
import { isInboundTeamCall } from '../voicemail/voicemail-box';
import { wholeSeconds, type CallRecord } from '../records/rest-records';
import type { HistoryEntry, HistoryOutcome } from '../contract/calls';

/** Statuses of a call that has not ended yet. */
const UNFINISHED = new Set(['queued', 'ringing', 'in-progress']);

const startOf = (call: CallRecord) => call.startTime?.getTime() ?? 0;

/** A leg that took the call over from `first`: whom it went to, when, and the leg that talked. */
interface Handover {
  readonly to: string;
  readonly at: number;
  readonly leg: CallRecord;
}

/** The transfers of a call answered by `first`, in order, from all of its records (`parent` and `family`). */
function handovers(parent: CallRecord, family: readonly CallRecord[], first: CallRecord): Handover[] {
  const found: Handover[] = [];
  for (const leg of family) {
    if (leg === first || !ANSWERED.has(leg.status)) continue;
    if (!isConsultation(leg)) {
      found.push({ to: clientIdentity(leg.to) ?? leg.to, at: startOf(leg), leg });
      continue;
    }
    const consulter = consulterLeg(leg, [parent, ...family]);
    const left = consulter?.endTime?.getTime();
    if (left !== undefined && (!leg.endTime || leg.endTime.getTime() > left)) found.push({ to: clientIdentity(leg.to)!, at: left, leg });
  }
  return found.sort((a, b) => a.at - b.at);
}

/** Seconds from `first`'s answer to the end of the last leg that talked (`first`'s own when its times are unknown). */
function talkSeconds(first: CallRecord, later: readonly Handover[]): number {
  const own = wholeSeconds(first.duration);
  const ends = [first, ...later.map((h) => h.leg)].map((leg) => leg.endTime?.getTime());
  if (!first.endTime || ends.some((end) => end === undefined)) return own;
  const answeredAt = first.endTime.getTime() - own * 1000;
  return Math.max(own, Math.round((Math.max(...(ends as number[])) - answeredAt) / 1000));
}

/** How a call nobody answered ended, from its legs (or the parent's own status when it dialled none). */
function unansweredOutcome(statuses: readonly string[]): HistoryOutcome {
  if (statuses.length && statuses.every((s) => s === 'busy')) return 'busy';
  if (statuses.length && statuses.every((s) => s === 'failed')) return 'failed';
  return 'missed';
}

/**
 * The entry for `parent` with the rest of its `family` (its legs, theirs, its consultations:
 * callFamilies), or undefined when the call is not the team's or has not ended. `voicemail` is
 * the message left on it, if any (deleted since, or not: the call ended in voicemail either way).
 */
export function historyEntry(parent: CallRecord, family: readonly CallRecord[], teamNumber: string, voicemail?: HistoryEntry['voicemail']): HistoryEntry | undefined {
  if (parent.parentCallSid || isConsultation(parent) || UNFINISHED.has(parent.status) || !parent.startTime) return undefined;
  const base = { id: parent.sid, at: parent.startTime.toISOString() };
  // The legs the call dialled itself, in the order they rang; the first answered one took it.
  const legs = family.filter((leg) => leg.parentCallSid === parent.sid).sort((a, b) => startOf(a) - startOf(b));
  const answered = legs.find((leg) => ANSWERED.has(leg.status));
  const later = answered ? handovers(parent, family, answered) : [];
  const transfers = later.length ? { transfers: later.map((h) => h.to) } : {};
  const caller = clientIdentity(parent.from);

  if (isInboundTeamCall(parent, teamNumber)) {
    const party = parent.callerName ? { number: parent.from, name: parent.callerName } : { number: parent.from };
    if (answered) {
      const answeredBy = clientIdentity(answered.to);
      return { ...base, direction: 'in', party, ...(answeredBy ? { answeredBy } : {}), ...transfers, outcome: 'answered', seconds: talkSeconds(answered, later) };
    }
    if (voicemail) return { ...base, direction: 'in', party, outcome: 'voicemail', seconds: 0, voicemail };
    const statuses = legs.length ? legs.map((leg) => leg.status) : [parent.status];
    return { ...base, direction: 'in', party, outcome: unansweredOutcome(statuses), seconds: 0 };
  }

  if (caller !== undefined || (parent.from === teamNumber && parent.direction === 'outbound-api')) {
    // A browser's call names its callee on the leg it dialled; an API call on itself.
    const callee = caller !== undefined ? ((answered ?? legs[0])?.to ?? parent.to) : parent.to;
    const calleeIdentity = clientIdentity(callee);
    const direction = calleeIdentity !== undefined ? 'team' : 'out';
    const party = calleeIdentity !== undefined ? { identity: calleeIdentity } : callee ? { number: callee } : {};
    const by = caller !== undefined ? { by: caller } : {};
    if (caller === undefined) {
      const done = parent.status === 'completed';
      return { ...base, direction, party, outcome: done ? 'answered' : unansweredOutcome([parent.status]), seconds: done ? wholeSeconds(parent.duration) : 0 };
    }
    if (answered) {
      const answeredBy = direction === 'team' ? { answeredBy: calleeIdentity } : {};
      return { ...base, direction, party, ...by, ...answeredBy, ...transfers, outcome: 'answered', seconds: talkSeconds(answered, later) };
    }
    // No leg at all: the call was refused before dialling (dialling policy, unknown teammate).
    return { ...base, direction, party, ...by, outcome: legs.length ? unansweredOutcome(legs.map((leg) => leg.status)) : 'failed', seconds: 0 };
  }
  return undefined;
}
