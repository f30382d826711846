/**
 * Plays µ-law audio into an endpoint at real-time pace (20 ms frames off the shared clock), the
 * way Twilio's media servers play `<Say>`, `<Play>`, ringback and hold music: stoppable at once
 * (a key press interrupts a `<Gather>`'s prompt) and awaitable to its end.
 */
import type { FrameClock } from './frame-clock';

/** Bytes of µ-law in one 20 ms frame at 8 kHz. */
const FRAME_BYTES = 160;
/** µ-law code of a zero sample, used to pad the last frame. */
const MULAW_SILENCE = 0xff;

/** Where a playback sends its frames. */
export interface AudioSink {
  sendAudio(payload: Buffer): void;
}

/** One sound being played into a sink. */
export class Playback {
  /** Resolves true when the sound played to its end, false when it was stopped. */
  readonly done: Promise<boolean>;
  private resolve!: (completed: boolean) => void;
  private readonly unsubscribe: () => void;
  private offset = 0;
  private remainingLoops: number;

  /** `loops` times `audio` (0 or Infinity: until stopped). */
  constructor(sink: AudioSink, private readonly audio: Uint8Array, clock: FrameClock, loops = 1) {
    this.remainingLoops = loops <= 0 ? Infinity : loops;
    this.done = new Promise((resolve) => (this.resolve = resolve));
    if (!audio.length) {
      this.unsubscribe = () => undefined;
      this.resolve(true);
      return;
    }
    this.unsubscribe = clock.subscribe(() => {
      const frame = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
      frame.set(this.audio.subarray(this.offset, this.offset + FRAME_BYTES));
      sink.sendAudio(frame);
      this.offset += FRAME_BYTES;
      if (this.offset < this.audio.length) return;
      this.offset = 0;
      if (--this.remainingLoops <= 0) this.finish(true);
    });
  }

  /** Stops at once; `done` resolves false unless it had already finished. */
  stop(): void {
    this.finish(false);
  }

  private finish(completed: boolean): void {
    this.unsubscribe();
    this.resolve(completed);
  }
}
