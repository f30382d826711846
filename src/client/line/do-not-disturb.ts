/**
 * Do not disturb as this browser last knew it, in localStorage so a reload shows it at once. The
 * switch itself is the person's, in the team's store (`POST /do-not-disturb`); every `/team`
 * answer says what it is, and this copy follows. While it is on, the line also declines any call
 * that still rings here (see `Line.setDoNotDisturb`).
 */
const KEY_PREFIX = 'switchboard.dnd.';

export class DoNotDisturb {
  private readonly key: string;

  constructor(
    private readonly storage: Storage,
    identity: string,
  ) {
    this.key = `${KEY_PREFIX}${identity}`;
  }

  get on(): boolean {
    return this.storage.getItem(this.key) === 'on';
  }

  set(on: boolean): void {
    if (on) this.storage.setItem(this.key, 'on');
    else this.storage.removeItem(this.key);
  }

  /** True when a `storage` event (another tab of this browser) changed this setting. */
  concerns(event: StorageEvent): boolean {
    return event.key === this.key;
  }
}
