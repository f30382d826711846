/**
 * Markers that tell the pages the voicemail box or the history's newest page changed, without
 * any page asking Twilio's Voice API: the webhooks that change them (a recording kept, a call's
 * status, a voicemail deleted) write a fresh value into the marker's own `live` Item, and `/team`
 * hands the values on as tags. A marker is written blind (no read, no `If-Match`): a page only
 * needs to see that it moved, so two calls ending at once both move it and neither waits for the
 * other. A marker that fails to move is logged and costs only freshness: the page's next body
 * fetch (after a call here, or when another marker moves) catches up.
 */
import { randomUUID } from 'node:crypto';
import { logEvent } from '../runtime/serverless';
import { readModifyWrite } from '../store/read-modify-write';
import { StoreFailure } from '../store/store-failure';
import { changeKey, LIVE_MAP } from '../store/team-layout';
import { StoreConflict, type TeamStore } from '../store/team-store';

/** What a marker stands for. */
export type ChangedRecords = 'voicemail' | 'history';

const NEVER = 0;
/** The tag of a marker never written. */
const UNMARKED = '0';

interface Marker {
  readonly mark: string;
}

const markOf = (data: unknown): string => {
  const mark = typeof data === 'object' && data !== null ? (data as Partial<Marker>).mark : undefined;
  return typeof mark === 'string' && mark ? mark : UNMARKED;
};

/** The page's tags, from the `live` Items by key (a marker not there yet is `'0'`). */
export function changeTags(live: ReadonlyMap<string, { readonly data: unknown }>): { voicemail: string; history: string } {
  return { voicemail: markOf(live.get(changeKey('voicemail'))?.data), history: markOf(live.get(changeKey('history'))?.data) };
}

/** Writes one marker afresh; made (with the `live` Map) the first time. Throws StoreFailure. */
async function moveMarker(store: TeamStore, records: ChangedRecords): Promise<void> {
  const key = changeKey(records);
  const marker: Marker = { mark: randomUUID() };
  await readModifyWrite(async () => {
    try {
      await store.overwriteItem(LIVE_MAP, key, marker, NEVER);
    } catch (error) {
      if (!(error instanceof StoreConflict && error.missing)) throw error;
      // Made meanwhile by another writer: a StoreConflict, and the next round overwrites it.
      await store.createItem(LIVE_MAP, key, marker, NEVER);
    }
  });
}

/** Moves the markers of `which`; never throws for the store (a failure is logged). */
export async function markChanged(store: TeamStore | undefined, which: readonly ChangedRecords[]): Promise<void> {
  if (!store) return;
  await Promise.all(
    which.map(async (records) => {
      try {
        await moveMarker(store, records);
      } catch (error) {
        if (!(error instanceof StoreFailure)) throw error;
        logEvent('change-marker-skipped', { changed: records, ...error.toLog() });
      }
    }),
  );
}
