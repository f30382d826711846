/**
 * Where the team's state lives in the Sync Service: every object name and key, in one place.
 * Sync limits reads and writes per object (a Map with all its Items is one object), so objects
 * are cut by who writes them and how often (docs/team-state.md has the whole layout and why):
 *
 * - `sign-in.<identity>` — a Document per name tried at `/token`: its failed passcodes. Written
 *   only by passcode sign-ins, so a flood against one name spends that name's budgets alone.
 * - `team` — a Map of what people decide, at human pace: `revoked.<identity>` (sessions that
 *   started earlier are over). Read by every session check; a flood of sign-ins never touches it.
 *
 * Names are built from identities already checked against `[A-Za-z0-9_]{1,64}`, so they never
 * look like a SID, never hold `/` or `?`, and stay far under Sync's 320 characters.
 */

/** The Document counting failed passcodes for `identity` (a teammate's name or not). */
export const signInDocument = (identity: string): string => `sign-in.${identity}`;

/** The Map of the team's own decisions. */
export const TEAM_MAP = 'team';

/** The `team` Item that ends `identity`'s sessions started before a moment. */
export const revokedKey = (identity: string): string => `revoked.${identity}`;
