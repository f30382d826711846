/**
 * Runs a task now and then: every `intervalMs` after it succeeds (or only when asked, without
 * one), sooner when asked (`now`), and after a failure with a growing back-off (1 s, 2 s, 4 s … 30 s, or the
 * server's Retry-After when that is longer). Only one run is ever under way.
 */
import { retryDelay, timersOf, type Timers } from '../api/session';

/** What a Poller reports about each run. */
export interface PollerEvents {
  /** The run failed; the next one starts in `delayMs`. */
  onRetry(error: unknown, attempt: number, delayMs: number): void;
}

export interface PollerOptions {
  /** The wait after a success, asked for anew each time; none: the next run is when `now` is called. */
  intervalMs?: number | (() => number);
  /** The least wait the failure asks for (e.g. Retry-After), in ms. */
  waitAfter?: (error: unknown) => number;
  /** Timers; the page's own unless a test passes fakes. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class Poller {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private readonly timers: Timers;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly events: PollerEvents,
    private readonly options: PollerOptions,
  ) {
    this.timers = timersOf(options);
  }

  /** Runs the task at once (unless a run is under way) and resolves when that run is over. */
  now(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** No more runs. */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimer(this.timer);
  }

  private async run(): Promise<void> {
    this.timers.clearTimer(this.timer);
    const { intervalMs } = this.options;
    let delay = typeof intervalMs === 'function' ? intervalMs() : intervalMs;
    try {
      await this.task();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      delay = Math.max(retryDelay(this.failures), this.options.waitAfter?.(error) ?? 0);
      if (!this.stopped) this.events.onRetry(error, this.failures, delay);
    }
    if (!this.stopped && delay !== undefined) this.timer = this.timers.setTimer(() => void this.now(), delay);
  }
}
