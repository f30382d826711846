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
