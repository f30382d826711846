/** Teams and routing files for the routing tests. */
import { hashPasscode, teamVariables } from '../../src/lib/config/passcodes';
import { WEEKDAYS } from '../../src/lib/routing/file';
import { PASSCODES } from './fixtures';

/** alice, bob, carol and 20 more: 23 teammates, three waves of 10, 10 and 3. */
export const TEAM_23 = ['alice', 'bob', 'carol', ...Array.from({ length: 20 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`)];

/**
 * TEAM (split into TEAM_2… within Twilio's 450 bytes a variable) for `identities`, each with
 * the demo passcode of alice where they have one (one scrypt hash for all: it is slow on purpose).
 */
export async function teamEnv(identities: readonly string[], passcode: string = PASSCODES.alice): Promise<Record<string, string>> {
  const hash = await hashPasscode(passcode);
  return teamVariables(new Map(identities.map((identity) => [identity, hash])));
}

/**
 * A routing file under which the line is closed now and for the next day, whatever the clock says:
 * yesterday, today and tomorrow (UTC) are holidays, and the only opening day is three days away.
 */
export function closedNow(extra: object = {}): object {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
  return {
    timeZone: 'UTC',
    hours: { [WEEKDAYS[day(3).getUTCDay()]]: '00:00-24:00' },
    holidays: [-1, 0, 1].map((offset) => day(offset).toISOString().slice(0, 10)),
    closedMessage: 'Sorry, we are closed. Please leave a message.',
    ...extra,
  };
}
