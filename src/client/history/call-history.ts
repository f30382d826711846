/**
 * The team's call history as loaded so far: the newest page (refreshed now and then) followed by
 * the older pages "Load more" fetched, newest first, each call once.
 */
import type { HistoryEntry, HistoryPage } from '../../lib/contract/calls';

export class CallHistory {
  private list: HistoryEntry[] = [];
  private cursor: string | null = null;
  private loaded = false;

  /** The calls, newest first. */
  get entries(): readonly HistoryEntry[] {
    return this.list;
  }

  /** True once the first page came. */
  get ready(): boolean {
    return this.loaded;
  }

  /** The cursor of the next older page; null when there is none. */
  get next(): string | null {
    return this.cursor;
  }

  /**
   * The newest page, fresh from the server. Older pages loaded before are kept behind it (a call
   * may have moved onto the new page); the cursor stays theirs once more than one page is loaded.
   */
  refresh(page: HistoryPage): void {
    const fresh = new Set(page.entries.map((entry) => entry.id));
    const oldest = page.entries.at(-1);
    const older = oldest ? this.list.filter((entry) => !fresh.has(entry.id) && Date.parse(entry.at) <= Date.parse(oldest.at)) : [];
    if (!older.length || !this.loaded) this.cursor = page.next;
    this.list = [...page.entries, ...(this.loaded ? older : [])];
    this.loaded = true;
  }

  /** An older page, as "Load more" fetched it with `next`. */
  append(page: HistoryPage): void {
    const known = new Set(this.list.map((entry) => entry.id));
    this.list = [...this.list, ...page.entries.filter((entry) => !known.has(entry.id))];
    this.cursor = page.next;
  }

  /** The call a recording of which was deleted no longer lists it. */
  dropRecording(recordingId: string): void {
    this.list = this.list.map((entry) => (entry.recordings?.some((r) => r.id === recordingId) ? { ...entry, recordings: entry.recordings.filter((r) => r.id !== recordingId) } : entry));
  }

  /** The call whose voicemail was deleted no longer offers it, and stays a voicemail call (as the server then says). */
  dropVoicemail(recordingId: string): void {
    this.list = this.list.map((entry) => (entry.voicemail?.id === recordingId ? { ...entry, voicemail: { ...entry.voicemail, deleted: true } } : entry));
  }
}

/**
 * Whom **Call back** dials for a call of the history: the outside number, or for a call between
 * teammates the one who is not `self`. Undefined when there is nobody to dial (e.g. no number).
 */
export function callBackTarget(entry: HistoryEntry, self: string): string | undefined {
  if (entry.direction === 'team') return entry.party.identity === self ? entry.by : entry.party.identity;
  return entry.party.number ?? entry.party.identity;
}
