/**
 * Read-modify-write on Sync without losing anyone's change: each write names the revision it
 * read (`If-Match`), so when another Function instance wrote in between, Sync refuses (412) and
 * the whole round runs again on what is there now. The number of rounds is bounded: an object
 * changing faster than that is busy, and the caller hears so (StoreFailure 'contended').
 */
import { StoreFailure } from './store-failure';
import { StoreConflict } from './team-store';

/** Rounds of read, decide, write before giving up. */
export const WRITE_ROUNDS = 3;

/**
 * Runs `round` (1, 2, …) until one ends without a StoreConflict, at most WRITE_ROUNDS times.
 * A round after the first must read again: what it read before is stale.
 */
export async function readModifyWrite<T>(round: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await round(n);
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
      if (n >= WRITE_ROUNDS) throw new StoreFailure('contended', error.message);
    }
  }
}
