/**
 * `GET /team` (src/functions/team.ts), with the page's token as `Authorization: Bearer`: in one
 * answer everything the page shows that can change without the page doing anything — every
 * teammate's presence, the asker's do-not-disturb, and tags that move when the voicemail box or
 * the history's newest page changed. The answer carries an `ETag`; asked again with it as
 * `If-None-Match`, an unchanged picture answers 304 with no body (no Voice API request behind
 * it). The page fetches `/voicemail` and `/calls` only when their tag moved. Refusals are the
 * error reply of errors.ts: 401/403 as for every Bearer request, 503 SB_STORE_UNAVAILABLE with
 * Retry-After while Sync is busy or down.
 */

/** Where a teammate is: no page of theirs lately, free, on a call (any browser), or not to be rung. */
export type PresenceState = 'offline' | 'available' | 'on-call' | 'dnd';

/** One teammate as the team sees them. */
export interface TeammatePresence {
  readonly identity: string;
  readonly presence: PresenceState;
  /** On a call: since when (ISO 8601). */
  readonly since?: string;
  /** On a call: the other party, a phone number (E.164) or a teammate's identity. */
  readonly with?: string;
}

/** The 200 answer. */
export interface TeamState {
  /** The asker. */
  readonly identity: string;
  /** The asker's do-not-disturb switch (the person's, the same in every browser). */
  readonly dnd: boolean;
  /** Everyone on TEAM, the asker included, in TEAM's order. */
  readonly team: readonly TeammatePresence[];
  /**
   * Tags that differ whenever the voicemail box or the history's newest page changed; absent
   * when the deployment has no store (SYNC_SERVICE_SID): then nothing is known and the page
   * fetches both at each update.
   */
  readonly changes?: { readonly voicemail: string; readonly history: string };
}
