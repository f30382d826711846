/** Whom the transfer and consult chooser offers, from the team's picture. */
import type { TeamState } from '../../lib/contract/team';

/** One teammate the chooser offers. */
export interface TransferChoice {
  readonly identity: string;
  /** On a call now (still offered: they may pick up once free, or the caller waits). */
  readonly busy: boolean;
}

/**
 * Every teammate of `team` but `self`, less whoever `picture` shows offline or on
 * do-not-disturb; those on a call are marked busy. Before the first picture, everyone but `self`.
 */
export function transferChoices(team: readonly string[], self: string, picture: TeamState | undefined): TransferChoice[] {
  const presence = new Map(picture?.team.map((person) => [person.identity, person.presence]));
  return team
    .filter((identity) => identity !== self && presence.get(identity) !== 'offline' && presence.get(identity) !== 'dnd')
    .map((identity) => ({ identity, busy: presence.get(identity) === 'on-call' }));
}
