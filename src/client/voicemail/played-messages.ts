/**
 * Which voicemail messages this person has played, so the others stay marked as new. Kept in
 * localStorage under `switchboard.played.<identity>` (a JSON array of recording ids), so every
 * tab and later visit of the same person in this browser agree; another browser starts with
 * everything unplayed. Ids of messages no longer on the server are dropped to keep it small.
 */
import { StoredList } from '../page/stored-list';

const isId = (value: unknown): value is string => typeof value === 'string';

export class PlayedMessages {
  private readonly stored: StoredList<string>;

  constructor(storage: Storage, identity: string) {
    this.stored = new StoredList(storage, `switchboard.played.${identity}`, isId);
  }

  /** The ids played so far; anything unreadable counts as nothing played. */
  ids(): Set<string> {
    return new Set(this.stored.read());
  }

  has(id: string): boolean {
    return this.ids().has(id);
  }

  /** Notes that `id` was played (when storage refuses, the message only stays marked as new). */
  add(id: string): void {
    const ids = this.ids();
    if (!ids.has(id)) this.stored.write([...ids, id]);
  }

  /** Forgets every id that is not in `current` (the messages the server still has). */
  keepOnly(current: readonly string[]): void {
    const ids = [...this.ids()];
    const kept = ids.filter((id) => current.includes(id));
    if (kept.length !== ids.length) this.stored.write(kept);
  }

  /** True when a `storage` event is about this list (another tab played something). */
  concerns(event: StorageEvent): boolean {
    return this.stored.concerns(event);
  }
}
