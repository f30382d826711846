/**
 * Markers that tell the pages the voicemail box or the history's newest page changed, without
 * any page asking Twilio's Voice API: the webhooks that change them (a recording kept, a call's
 * status, a voicemail deleted) move a counter in the `live` Map's `changes` Item, and `/team`
 * hands the counters on as tags. A marker that fails to move is logged and costs only freshness:
 * the page's next body fetch (after a call here, or when another marker moves) catches up.
 */
import { logEvent } from '../runtime/serverless';
import { readModifyWrite } from '../store/read-modify-write';
import { StoreFailure } from '../store/store-failure';
import { CHANGES_KEY, LIVE_MAP } from '../store/team-layout';
import type { TeamStore } from '../store/team-store';

/** What a marker stands for. */
export type ChangedRecords = 'voicemail' | 'history';

type Counters = Partial<Record<ChangedRecords, number>>;

const NEVER = 0;

const count = (data: unknown, which: ChangedRecords): number => {
  const value = typeof data === 'object' && data !== null ? (data as Counters)[which] : undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
};

/** The page's tags for the counters of a `changes` Item's data (undefined when there is none yet). */
export function changeTags(data: unknown): { voicemail: string; history: string } {
  return { voicemail: String(count(data, 'voicemail')), history: String(count(data, 'history')) };
}

/** Moves the markers of `which`; never throws for the store (a failure is logged). */
export async function markChanged(store: TeamStore | undefined, which: readonly ChangedRecords[]): Promise<void> {
  if (!store || !which.length) return;
  try {
    await readModifyWrite(async () => {
      const current = await store.readItem<unknown>(LIVE_MAP, CHANGES_KEY);
      const next: Counters = { voicemail: count(current?.data, 'voicemail'), history: count(current?.data, 'history') };
      for (const name of which) next[name] = (next[name] ?? 0) + 1;
      if (current) await store.updateItem(LIVE_MAP, CHANGES_KEY, next, current.revision, NEVER);
      else await store.createItem(LIVE_MAP, CHANGES_KEY, next, NEVER);
    });
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('change-marker-skipped', { changed: which.join(','), ...error.toLog() });
  }
}
