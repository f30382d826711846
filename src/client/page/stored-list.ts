/**
 * A JSON array kept in a Storage (localStorage in the page) under one key, so every tab of this
 * browser, and later visits, see the same list. Anything unreadable counts as an empty list and
 * items of the wrong shape are dropped, so a damaged entry never breaks the page; a write the
 * storage refuses (full, or disabled in private mode) is lost the same way.
 */
export class StoredList<T> {
  constructor(
    private readonly storage: Storage,
    private readonly key: string,
    private readonly isItem: (value: unknown) => value is T,
  ) {}

  /** The stored items that have the right shape, in their stored order. */
  read(): T[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(this.isItem) : [];
    } catch {
      return [];
    }
  }

  /** Replaces the list; when the storage refuses, the list simply stays as it was. */
  write(items: readonly T[]): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(items));
    } catch {
      // Storage full or disabled: only what is remembered is lost.
    }
  }

  clear(): void {
    this.storage.removeItem(this.key);
  }

  /** True when a `storage` event (another tab) is about this list, or cleared the whole storage. */
  concerns(event: StorageEvent): boolean {
    return event.key === this.key || event.key === null;
  }
}
