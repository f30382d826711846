/**
 * Do not disturb (issue 15), remembered per teammate in this browser's localStorage so it survives
 * a reload. The line unregisters while it is on (see `Line.setDoNotDisturb`): Serverless keeps no
 * state, so "not ringing" is simply "not registered". Other browsers of the same person keep
 * their own setting.
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
