/**
 * Plays voicemail messages in one `<audio>` element. The audio is fetched with the Bearer token
 * (an `<audio src>` cannot carry it) into a Blob and played from an object URL, which the CSP
 * allows as `media-src blob:`; no Twilio URL ever reaches the page. One message plays at a time.
 */

/** What the player tells the section, for the message it concerns. */
export interface PlayerEvents {
  /** Playing or paused (also when another message takes over). */
  onState(id: string, playing: boolean): void;
  /** Where playback is, in seconds; `duration` once the audio knows it. */
  onTime(id: string, position: number, duration: number): void;
  /** The audio could not be fetched or played. */
  onError(id: string, error: unknown): void;
}

export class RecordingPlayer {
  private readonly urls = new Map<string, string>();
  private readonly pending = new Map<string, Promise<string>>();
  private current: string | undefined;

  constructor(private readonly audio: HTMLAudioElement, private readonly load: (id: string) => Promise<Blob>, private readonly events: PlayerEvents) {
    audio.preload = 'auto';
    audio.addEventListener('play', () => this.current && events.onState(this.current, true));
    audio.addEventListener('pause', () => this.current && events.onState(this.current, false));
    audio.addEventListener('timeupdate', () => this.reportTime());
    audio.addEventListener('durationchange', () => this.reportTime());
  }

  /**
   * Starts fetching `id`'s audio when the person shows the intent to play it (pointer over or
   * focus on Play), so the click finds it ready. Failures are left for the click to report.
   */
  prefetch(id: string): void {
    if (!this.urls.has(id) && !this.pending.has(id)) void this.audioUrl(id).catch(() => undefined);
  }

  /** Plays `id` from where it was, or pauses it when it is playing. */
  async toggle(id: string): Promise<void> {
    if (this.current === id && !this.audio.paused) {
      this.audio.pause();
      return;
    }
    try {
      if (this.current !== id) await this.select(id);
      await this.audio.play();
    } catch (error) {
      this.events.onError(id, error);
    }
  }

  /** Moves `id` to `seconds` (selecting it, paused, when another message was loaded). */
  async seek(id: string, seconds: number): Promise<void> {
    try {
      if (this.current !== id) await this.select(id);
      this.audio.currentTime = seconds;
    } catch (error) {
      this.events.onError(id, error);
    }
  }

  /** Lets go of a deleted message's audio. */
  forget(id: string): void {
    if (this.current === id) this.release();
    const url = this.urls.get(id);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(id);
  }

  /** Stops and frees everything (sign-out). */
  stop(): void {
    this.release();
    for (const id of [...this.urls.keys()]) this.forget(id);
  }

  private async select(id: string): Promise<void> {
    const previous = this.current;
    this.audio.pause();
    this.current = undefined;
    if (previous) this.events.onState(previous, false);
    const url = await this.audioUrl(id);
    this.current = id;
    this.audio.src = url;
  }

  /** The object URL of `id`'s audio, fetched once (a fetch under way is shared). */
  private audioUrl(id: string): Promise<string> {
    const known = this.urls.get(id);
    if (known) return Promise.resolve(known);
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.load(id).then((blob) => {
        const url = URL.createObjectURL(blob);
        this.urls.set(id, url);
        return url;
      }).finally(() => this.pending.delete(id));
      this.pending.set(id, pending);
    }
    return pending;
  }

  private release(): void {
    this.audio.pause();
    this.audio.removeAttribute('src');
    this.audio.load();
    this.current = undefined;
  }

  private reportTime(): void {
    if (this.current) this.events.onTime(this.current, this.audio.currentTime, Number.isFinite(this.audio.duration) ? this.audio.duration : 0);
  }
}
