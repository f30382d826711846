/**
 * Do-not-disturb belongs to the person: a field of their `team` Item (`dnd`: on, and since when),
 * the same in every browser they use and kept across sign-outs. Routing leaves whoever has it on
 * out before dialling; a teammate's direct call or a transfer to them is refused.
 */
import { logEvent } from '../runtime/serverless';
import { readModifyWrite } from '../store/read-modify-write';
import { StoreFailure } from '../store/store-failure';
import { personKey, TEAM_MAP } from '../store/team-layout';
import type { TeamStore } from '../store/team-store';

/** The field in a person's `team` Item. */
export interface DoNotDisturbField {
  readonly on: boolean;
  /** Epoch seconds (Sync's clock of the write) when it was last switched. */
  readonly since: number;
}

const NEVER = 0;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when `person` (the data of a `team` Item, or undefined) has do-not-disturb on. */
export function dndOf(person: unknown): boolean {
  const dnd = isObject(person) ? person.dnd : undefined;
  return isObject(dnd) && dnd.on === true;
}

/** Switches `identity`'s do-not-disturb, keeping whatever else their Item holds. Throws StoreFailure. */
export async function switchDoNotDisturb(store: TeamStore, identity: string, on: boolean): Promise<void> {
  const key = personKey(identity);
  await readModifyWrite(async () => {
    const current = await store.readItem<unknown>(TEAM_MAP, key);
    if (dndOf(current?.data) === on) return;
    const since = Math.floor((current?.seenAt ?? (await store.serviceTime())) / 1000);
    const person = { ...(isObject(current?.data) ? current.data : {}), dnd: { on, since } satisfies DoNotDisturbField };
    if (current) await store.updateItem(TEAM_MAP, key, person, current.revision, NEVER);
    else await store.createItem(TEAM_MAP, key, person, NEVER);
  });
}

/**
 * Who has do-not-disturb on (one read of the `team` Map), for routing and transfers. When the
 * store cannot say, nobody is left out (logged): a Sync outage must not silence the team.
 */
export async function onDoNotDisturb(store: TeamStore | undefined): Promise<ReadonlySet<string>> {
  if (!store) return new Set();
  try {
    const { items } = await store.listItems<unknown>(TEAM_MAP);
    return new Set(items.filter((item) => item.key.startsWith(personKey('')) && dndOf(item.data)).map((item) => item.key.slice(personKey('').length)));
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('do-not-disturb-unknown', error.toLog());
    return new Set();
  }
}
