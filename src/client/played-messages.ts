/**
 * Which voicemail messages this person has played, so the others stay marked as new. Kept in
 * localStorage under `switchboard.played.<identity>` (a JSON array of recording ids), so every
 * tab and later visit of the same person in this browser agree; another browser starts with
 * everything unplayed. Ids of messages no longer on the server are dropped to keep it small.
 */
export class PlayedMessages {
  private readonly key: string;

  constructor(private readonly storage: Storage, identity: string) {
    this.key = `switchboard.played.${identity}`;
  }

  /** The ids played so far; anything unreadable counts as nothing played. */
  ids(): Set<string> {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return new Set(Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []);
    } catch {
      return new Set();
    }
  }

  has(id: string): boolean {
    return this.ids().has(id);
  }

  /** Notes that `id` was played. */
  add(id: string): void {
    const ids = this.ids();
    if (!ids.has(id)) this.save([...ids, id]);
  }

  /** Forgets every id that is not in `current` (the messages the server still has). */
  keepOnly(current: readonly string[]): void {
    const ids = [...this.ids()];
    const kept = ids.filter((id) => current.includes(id));
    if (kept.length !== ids.length) this.save(kept);
  }

  /** True when a `storage` event is about this list (another tab played something). */
  concerns(event: StorageEvent): boolean {
    return event.key === this.key || event.key === null;
  }

  private save(ids: string[]): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(ids));
    } catch {
      // Storage full or disabled: the message only stays marked as new.
    }
  }
}
