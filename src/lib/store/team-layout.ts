/**
 * Where the team's state lives in the Sync Service: every object name and key, in one place.
 * Sync limits reads and writes per object (a Map with all its Items is one object), so objects
 * are cut by who writes them and how often (docs/team-state.md has the whole layout and why):
 *
 * - `sign-in.<identity>` — a Document per name tried at `/token`: its failed passcodes. Written
 *   only by passcode sign-ins, so a flood against one name spends that name's budgets alone.
 * - `team` — a Map with one Item per person, `person.<identity>`: what they decide, at human pace
 *   (`revokedBefore`: their sessions that started earlier are over). One read lists the whole
 *   team; every session check reads one Item; a flood of sign-ins never touches it.
 * - `live` — a Map of what happens, busy and short-lived: `presence.<identity>` (the person's
 *   pages seen, the calls they are on) and `changes.voicemail` / `changes.history` (markers
 *   written afresh whenever the voicemail box or the history's newest page changes). Its write
 *   budget is its own, so a burst of call events makes presence a little stale and never
 *   touches a sign-in or a revocation.
 * - `voicemail` — a Map with one Item per message, `<time>.<RE…>`: who played it, who handled it
 *   and when, or, once it is deleted, that it was (for the call history). Written at human pace
 *   (a Play, a Handled, a Delete), read when a page fetches the voicemail or the history. Keys
 *   sort by the message's time, so "the newest messages" is one read of the newest Items.
 *
 * Names are built from identities already checked against `[A-Za-z0-9_]{1,64}`, so they never
 * look like a SID, never hold `/` or `?`, and stay far under Sync's 320 characters.
 */

/** The Document counting failed passcodes for `identity` (a teammate's name or not). */
export const signInDocument = (identity: string): string => `sign-in.${identity}`;

/** The Map of what each person decides. */
export const TEAM_MAP = 'team';

/** The `team` Item of one person. */
export const personKey = (identity: string): string => `person.${identity}`;

/** The Map of what happens: presence and change markers. */
export const LIVE_MAP = 'live';

/** The `live` Item of one person's presence. */
export const presenceKey = (identity: string): string => `presence.${identity}`;

/** The `live` Item of the marker that moves when voicemail (or the history's newest page) changes. */
export const changeKey = (records: 'voicemail' | 'history'): string => `changes.${records}`;

/** The Map of the team's marks on voicemail messages (and of messages deleted). */
export const VOICEMAIL_MAP = 'voicemail';

/**
 * The `voicemail` Item of a message: its time (epoch seconds, ten digits, so keys sort by time
 * until the year 2286) and its recording SID.
 */
export const messageKey = (epochSeconds: number, recordingSid: string): string => `${timeKey(epochSeconds)}.${recordingSid}`;

/** The start of the `voicemail` keys of `epochSeconds`: every message key of that second sorts at or after it. */
export const timeKey = (epochSeconds: number): string => String(Math.max(0, Math.floor(epochSeconds))).padStart(10, '0');
