/**
 * The last 50 calls of this browser (per identity, in localStorage), shared by every open tab.
 * A ring-group call rings each tab, so entries for the same incoming call merge into one.
 */
import { StoredList } from '../page/stored-list';

/** Who called: 'in' someone called us, 'out' we called. */
export type Direction = 'in' | 'out';
/** How a call ended for this person. */
export type Outcome = 'answered' | 'missed' | 'rejected' | 'unanswered' | 'failed';

/** One entry of the log. */
export interface RecentCall {
  direction: Direction;
  /** What to dial to call back: a teammate identity or an E.164 number. */
  peer: string;
  /** When it started ringing (ms since epoch), in every tab that logs it. */
  at: number;
  outcome: Outcome;
  /** Seconds talked, for answered calls. */
  seconds?: number;
}

/** How many calls the log keeps. */
export const MAX_RECENT = 50;
/** Tabs of one person see one incoming call start ringing within this window of each other. */
const SAME_CALL_MS = 5000;
/** Which outcome wins when tabs disagree about the same incoming call. */
const RANK: Record<Outcome, number> = { answered: 4, rejected: 3, failed: 2, unanswered: 1, missed: 0 };

function sameIncomingCall(a: RecentCall, b: RecentCall): boolean {
  return a.direction === 'in' && b.direction === 'in' && a.peer === b.peer && Math.abs(a.at - b.at) < SAME_CALL_MS;
}

/** The list with `call` added newest first, merged with another tab's entry for the same call, capped at 50. */
export function addRecent(list: readonly RecentCall[], call: RecentCall): RecentCall[] {
  const twin = list.find((entry) => sameIncomingCall(entry, call));
  if (twin) {
    const winner = RANK[call.outcome] > RANK[twin.outcome] ? call : twin;
    return list.map((entry) => (entry === twin ? winner : entry));
  }
  return [call, ...list].sort((a, b) => b.at - a.at).slice(0, MAX_RECENT);
}

function isRecentCall(value: unknown): value is RecentCall {
  const entry = value as RecentCall;
  return (
    typeof entry === 'object' && entry !== null && (entry.direction === 'in' || entry.direction === 'out') && typeof entry.peer === 'string' && typeof entry.at === 'number' && entry.outcome in RANK
  );
}

/** Recent calls of one identity in a Storage (localStorage in the page). */
export class RecentCalls {
  private readonly stored: StoredList<RecentCall>;

  constructor(storage: Storage, identity: string) {
    this.stored = new StoredList(storage, `switchboard.recent.${identity}`, isRecentCall);
  }

  /** The stored calls, newest first; anything unreadable is dropped rather than crashing the page. */
  list(): RecentCall[] {
    return this.stored.read().slice(0, MAX_RECENT);
  }

  add(call: RecentCall): void {
    // Storage full or disabled (private mode): the call still happened, only the log is lost.
    this.stored.write(addRecent(this.list(), call));
  }

  clear(): void {
    this.stored.clear();
  }

  /** True when a `storage` event is about this list (another tab changed it). */
  concerns(event: StorageEvent): boolean {
    return this.stored.concerns(event);
  }
}
