/**
 * Which calls of the team's history are one teammate's own (the history's **Mine** view): the
 * calls they placed, answered or were handed (a transfer to them, cold or after a consultation),
 * and a teammate's call to them directly, taken or not. A ring-group call they did not take is not
 * theirs: someone else answered it, or nobody did, and the team's view says which.
 */
import type { HistoryEntry } from '../contract/calls';

/** True when `entry` is a call of `identity`'s own. */
export function isMyCall(entry: HistoryEntry, identity: string): boolean {
  return entry.by === identity || entry.answeredBy === identity || (entry.transfers ?? []).includes(identity) || (entry.direction === 'team' && entry.party.identity === identity);
}
