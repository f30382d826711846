/**
 * Do not disturb, remembered per teammate in this browser's localStorage so it survives
 * a reload. While it is on, the line declines every call (see `Line.setDoNotDisturb`), and Twilio
 * then withdraws it from the person's other browsers too: one browser on Do not disturb silences
 * all of them, though each keeps its own setting.
 */
const KEY_PREFIX = 'switchboard.dnd.';

export class DoNotDisturb {
  private readonly key: string;

  constructor(private readonly storage: Storage, identity: string) {
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
