/**
 * Plays recordings in one `<audio>` element, one at a time, from a URL its loader gives for each:
 * a voicemail's audio fetched with the Bearer token (an `<audio src>` cannot carry it) into a Blob
 * and played from an object URL (`media-src blob:`), or a call recording's short-lived link that
 * the element fetches by range itself (`media-src 'self'`), which the player renews when it lapses.
 * No Twilio URL ever reaches the page.
 */
import { clock } from '../page/dom';

/** Where a recording's audio is for the element; `expires` (ms) for a link, `release` to free a Blob's URL. */
export interface PlayableAudio {
  readonly url: string;
  readonly expires?: number;
  release?(): void;
}

/** A fetched Blob as the player's audio: an object URL, revoked when the recording is let go. */
export async function blobAudio(blob: Promise<Blob>): Promise<PlayableAudio> {
  const url = URL.createObjectURL(await blob);
  return { url, release: () => URL.revokeObjectURL(url) };
}

/**
 * Shows where playback is in a recording's `item` (its `.position` range and `.time` text);
 * `seconds` is the length known before the audio tells its own. The range is left alone while the
 * person drags it.
 */
export function showPlayerTime(item: HTMLElement, position: number, duration: number, seconds: number): void {
  const range = item.querySelector<HTMLInputElement>('.position')!;
  if (duration) range.max = String(duration);
  if (document.activeElement !== range) range.value = String(position);
  item.querySelector('.time')!.textContent = `${clock(position)} / ${clock(duration || seconds)}`;
}

/** A link is renewed this long before it lapses, so a seek never asks with a dead one. */
const RENEW_BEFORE_MS = 30_000;

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
  private readonly urls = new Map<string, PlayableAudio>();
  private readonly pending = new Map<string, Promise<string>>();
  private current: string | undefined;
  /** When the current recording's link was last renewed after a failure (one renewal per failure). */
  private renewedAt = 0;
  /** The person pressed Play (and not Pause) on the current recording. */
  private wanted = false;

  constructor(
    private readonly audio: HTMLAudioElement,
    private readonly load: (id: string) => Promise<PlayableAudio>,
    private readonly events: PlayerEvents,
  ) {
    audio.preload = 'auto';
    audio.addEventListener('play', () => this.current && events.onState(this.current, (this.wanted = true)));
    audio.addEventListener('pause', () => this.current && events.onState(this.current, (this.wanted = false)));
    audio.addEventListener('timeupdate', () => this.reportTime());
    audio.addEventListener('durationchange', () => this.reportTime());
    audio.addEventListener('error', () => void this.failed());
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

  /** Lets go of a deleted recording's audio. */
  forget(id: string): void {
    if (this.current === id) this.release();
    this.urls.get(id)?.release?.();
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

  /** The URL of `id`'s audio, loaded once while it works (a load under way is shared). */
  private audioUrl(id: string): Promise<string> {
    const known = this.urls.get(id);
    if (known && !(known.expires !== undefined && known.expires - RENEW_BEFORE_MS < Date.now())) return Promise.resolve(known.url);
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.load(id)
        .then((audio) => {
          this.forget(id);
          this.urls.set(id, audio);
          return audio.url;
        })
        .finally(() => this.pending.delete(id));
      this.pending.set(id, pending);
    }
    return pending;
  }

  /**
   * The element could not go on: a link that lapsed (or a server that refused it) is renewed once
   * and playback resumes where it was; anything else is reported.
   */
  private async failed(): Promise<void> {
    const id = this.current;
    if (!id || !this.audio.getAttribute('src')) return;
    const link = this.urls.get(id)?.expires !== undefined;
    if (!link || Date.now() - this.renewedAt < RENEW_BEFORE_MS) return this.events.onError(id, this.audio.error);
    this.renewedAt = Date.now();
    const { currentTime } = this.audio;
    const playing = this.wanted;
    this.urls.delete(id);
    try {
      this.audio.src = await this.audioUrl(id);
      this.audio.currentTime = currentTime;
      if (playing) await this.audio.play();
    } catch (error) {
      this.events.onError(id, error);
    }
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
