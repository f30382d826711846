/**
 * `GET /calls` (src/functions/calls.ts, Bearer session): the team's call history from Twilio's
 * Calls API, newest first, 50 entries a page; `?before=<next>` asks for the page after one, and
 * `?mine=1` the **Mine** view: only the signed-in teammate's own calls (placed, answered, handed to
 * them, or a teammate's call to them; src/lib/history/my-calls.ts), paged alike. A page of Mine
 * reads on through the account's calls for up to 1,000 of them, so it can hold fewer than 50
 * entries, even none, and still have a `next`.
 * Refusals are the error reply of errors.ts: 400 SB_BAD_CURSOR, 400 SB_HISTORY_VIEW (a `mine`
 * other than `1`), 401/403 as for every Bearer request, 503 SB_TWILIO_UNAVAILABLE with Retry-After.
 */

/** The history's two views: every call of the team, or the signed-in teammate's own. */
export type HistoryView = 'all' | 'mine';

/** The view a `mine` parameter asks for (absent: all; `1`: mine), or undefined for anything else. */
export function historyViewOf(mine: unknown): HistoryView | undefined {
  if (mine === undefined) return 'all';
  return mine === '1' ? 'mine' : undefined;
}

/** How a call ended for the team. */
export type HistoryOutcome = 'answered' | 'missed' | 'voicemail' | 'busy' | 'failed';

/**
 * The other party of a call: a phone number (with the caller's name when Twilio has it), or a
 * teammate. Twilio's Call records carry no caller location.
 */
export interface Party {
  readonly number?: string;
  readonly identity?: string;
  readonly name?: string;
}

/** One call of the history. */
export interface HistoryEntry {
  /** CA…, the parent call */
  readonly id: string;
  /** Start, ISO 8601. */
  readonly at: string;
  /** `in`: a phone called the team number; `out`: a teammate or the API called a phone; `team`: teammate to teammate. */
  readonly direction: 'in' | 'out' | 'team';
  readonly party: Party;
  /** The teammate who placed it (out, team). */
  readonly by?: string;
  /** The teammate who answered it. */
  readonly answeredBy?: string;
  /**
   * Who it was transferred to, in order, a teammate or a number: each answered leg of the call
   * after the first (a cold transfer makes the transferred party's leg dial the target), and each
   * teammate consulted who stayed on after the consulting teammate's leg ended (Complete
   * transfer, or a merge the consulting teammate left). A cancelled consultation is no transfer.
   */
  readonly transfers?: readonly string[];
  readonly outcome: HistoryOutcome;
  /** Seconds of conversation, from the first answer to the last transfer's end (0 when nobody answered). */
  readonly seconds: number;
  /**
   * The message left on the call, if any; `deleted` once a teammate deleted it (the call stays a
   * voicemail call, and there is nothing left to play).
   */
  readonly voicemail?: { readonly id: string; readonly seconds: number; readonly deleted?: true };
  /** The call's recordings, oldest first (RECORD_CALLS; played with /recording-link, deleted with /recording-delete). */
  readonly recordings?: readonly CallRecordingEntry[];
}

/** One recording of a call. */
export interface CallRecordingEntry {
  /** RE… */
  readonly id: string;
  readonly seconds: number;
  /** The teammate who started it; absent when it started by itself on answer (RECORD_CALLS=always). */
  readonly by?: string;
}

/** One page: `next` is the cursor of the following page (`?before=`), null after the last. */
export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  readonly next: string | null;
}
