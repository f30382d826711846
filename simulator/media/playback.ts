/**
 * Plays 8 kHz PCM into an endpoint at real-time pace (20 ms frames off the shared clock), the
 * way Twilio's media servers play `<Say>`, `<Play>`, ringback and hold music: stoppable at once
 * (a key press interrupts a `<Gather>`'s prompt) and awaitable to its end.
 */
import { FRAME_SAMPLES } from './audio/pcm';
import type { FrameClock } from './frame-clock';

/** Where a playback sends its frames (the endpoint encodes them in its leg's codec). */
export interface AudioSink {
  sendAudio(frame: Int16Array): void;
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
  constructor(
    sink: AudioSink,
    private readonly audio: Int16Array,
    clock: FrameClock,
    loops = 1,
  ) {
    this.remainingLoops = loops <= 0 ? Infinity : loops;
    this.done = new Promise((resolve) => (this.resolve = resolve));
    if (!audio.length) {
      this.unsubscribe = () => undefined;
      this.resolve(true);
      return;
    }
    this.unsubscribe = clock.subscribe(() => {
      // The last frame is padded with silence.
      const frame = new Int16Array(FRAME_SAMPLES);
      frame.set(this.audio.subarray(this.offset, this.offset + FRAME_SAMPLES));
      sink.sendAudio(frame);
      this.offset += FRAME_SAMPLES;
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
