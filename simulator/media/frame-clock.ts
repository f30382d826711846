/**
 * One 20 ms clock for every audio source the simulator plays (tones, files, speech): a single
 * drift-corrected timer instead of one per leg, which catches up with a late tick by sending
 * the frames that fell due.
 */

/** Milliseconds per RTP audio frame. */
export const FRAME_MS = 20;

type Tick = () => void;

/** Calls every subscriber once per 20 ms, for as long as there are any. */
export class FrameClock {
  private readonly subscribers = new Set<Tick>();
  private timer?: NodeJS.Timeout;
  private startedAt = 0;
  private ticks = 0;

  /** Calls `tick` every 20 ms until the returned function is called. */
  subscribe(tick: Tick): () => void {
    this.subscribers.add(tick);
    if (!this.timer) {
      this.startedAt = performance.now();
      this.ticks = 0;
      this.schedule();
    }
    return () => {
      this.subscribers.delete(tick);
      if (this.subscribers.size === 0) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    };
  }

  private schedule(): void {
    const due = this.startedAt + (this.ticks + 1) * FRAME_MS;
    this.timer = setTimeout(() => this.run(), Math.max(0, due - performance.now()));
  }

  private run(): void {
    const elapsed = Math.floor((performance.now() - this.startedAt) / FRAME_MS);
    // A timer may fire a little early: then no frame is due yet. After a long stall, skip ahead
    // rather than flood a burst of frames.
    const owed = Math.min(elapsed - this.ticks, 5);
    if (owed > 0) this.ticks = elapsed;
    for (let i = 0; i < owed; i++) for (const tick of [...this.subscribers]) tick();
    if (this.subscribers.size) this.schedule();
    else this.timer = undefined;
  }
}
