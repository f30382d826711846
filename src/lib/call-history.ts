/**
 * The team's call history from Twilio's Call resources (issue 13): each parent call is one entry,
 * its legs (`ParentCallSid`) say who answered. Which calls are the team's:
 * - `in`: a phone called the team number (CALLER_ID); answered by the teammate whose `client:` leg
 *   was answered (or by FORWARD_TO's leg), else voicemail when a message was left, else busy when
 *   every leg was busy, failed when every leg failed, missed otherwise;
 * - `out`: a teammate's browser (`From=client:x`) called a phone, or the API placed a call from CALLER_ID;
 * - `team`: a teammate's browser called a teammate.
 * Calls still ringing or going on are left out until they end.
 */
import { clientIdentity } from './event';
import { isInboundTeamCall } from './voicemail-box';
import { wholeSeconds, type CallRecord } from './rest-records';

export type Outcome = 'answered' | 'missed' | 'voicemail' | 'busy' | 'failed';

/** One row of `GET /calls` (CONTRACT-13). */
export interface HistoryEntry {
  /** CA…, the parent call */
  readonly id: string;
  /** Start, ISO 8601. */
  readonly at: string;
  readonly direction: 'in' | 'out' | 'team';
  readonly party: { readonly number?: string; readonly identity?: string; readonly name?: string };
  /** The teammate who placed it (out, team). */
  readonly by?: string;
  /** The teammate who answered it. */
  readonly answeredBy?: string;
  /**
   * Who it was transferred to, in order (issue 14): a cold transfer makes the caller's leg dial
   * the target itself, so each later answered leg of the call is one (a teammate or a number).
   */
  readonly transfers?: readonly string[];
  readonly outcome: Outcome;
  /** Seconds of conversation (0 when nobody answered). */
  readonly seconds: number;
  readonly voicemail?: { readonly id: string; readonly seconds: number };
}

/** Statuses of a call that has not ended yet. */
const UNFINISHED = new Set(['queued', 'ringing', 'in-progress']);
/** Statuses of a leg that was answered (and may still be going on). */
const ANSWERED = new Set(['completed', 'in-progress']);

/** How a call nobody answered ended, from its legs (or the parent's own status when it dialled none). */
function unansweredOutcome(statuses: readonly string[]): Outcome {
  if (statuses.length && statuses.every((s) => s === 'busy')) return 'busy';
  if (statuses.length && statuses.every((s) => s === 'failed')) return 'failed';
  return 'missed';
}

/**
 * The entry for `parent` with its `legs`, or undefined when the call is not the team's or has not
 * ended. `voicemail` is the message left on it, if any.
 */
export function historyEntry(
  parent: CallRecord,
  legs: readonly CallRecord[],
  teamNumber: string,
  voicemail?: { id: string; seconds: number },
): HistoryEntry | undefined {
  if (parent.parentCallSid || UNFINISHED.has(parent.status) || !parent.startTime) return undefined;
  const base = { id: parent.sid, at: parent.startTime.toISOString() };
  const answered = legs.find((leg) => ANSWERED.has(leg.status));
  const caller = clientIdentity(parent.from);

  if (isInboundTeamCall(parent, teamNumber)) {
    const party = parent.callerName ? { number: parent.from, name: parent.callerName } : { number: parent.from };
    if (answered) {
      const [first, ...transferred] = legs.filter((leg) => ANSWERED.has(leg.status)).sort((a, b) => (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0));
      const answeredBy = clientIdentity(first.to);
      const transfers = transferred.length ? { transfers: transferred.map((leg) => clientIdentity(leg.to) ?? leg.to) } : {};
      const seconds = [first, ...transferred].reduce((sum, leg) => sum + wholeSeconds(leg.duration), 0);
      return { ...base, direction: 'in', party, ...(answeredBy ? { answeredBy } : {}), ...transfers, outcome: 'answered', seconds };
    }
    if (voicemail) return { ...base, direction: 'in', party, outcome: 'voicemail', seconds: 0, voicemail };
    const statuses = legs.length ? legs.map((leg) => leg.status) : [parent.status];
    return { ...base, direction: 'in', party, outcome: unansweredOutcome(statuses), seconds: 0 };
  }

  if (caller !== undefined || (parent.from === teamNumber && parent.direction === 'outbound-api')) {
    // A browser's call names its callee on the leg it dialled; an API call on itself.
    const callee = caller !== undefined ? (answered ?? legs[0])?.to ?? parent.to : parent.to;
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
      return { ...base, direction, party, ...by, ...answeredBy, outcome: 'answered', seconds: wholeSeconds(answered.duration) };
    }
    // No leg at all: the call was refused before dialling (dialling policy, unknown teammate).
    return { ...base, direction, party, ...by, outcome: legs.length ? unansweredOutcome(legs.map((leg) => leg.status)) : 'failed', seconds: 0 };
  }
  return undefined;
}
