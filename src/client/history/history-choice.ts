/**
 * Which view of the team's Call history (All or Mine) each person last chose, kept in this
 * browser's localStorage: a preference of how to look, never a record of calls, so it cannot
 * contradict what the team sees.
 */
import type { HistoryView } from '../../lib/contract/calls';

const key = (identity: string) => `switchboard.historyView.${identity}`;

/** The view `identity` chose last here; All when none was chosen (or storage is unavailable). */
export function chosenView(storage: Storage, identity: string): HistoryView {
  try {
    return storage.getItem(key(identity)) === 'mine' ? 'mine' : 'all';
  } catch {
    return 'all';
  }
}

/** Remembers `view` for `identity`; storage full or disabled (private mode) only forgets it. */
export function chooseView(storage: Storage, identity: string, view: HistoryView): void {
  try {
    storage.setItem(key(identity), view);
  } catch {
    // The choice holds for this page; the next one starts with All.
  }
}
