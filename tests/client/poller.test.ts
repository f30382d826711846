import { Poller } from '../../src/client/records/poller';

/** Timers the test advances by hand: the next one due runs on `tick()`. */
function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let ids = 0;
  return {
    setTimer: (run: () => void, ms: number) => (pending.set(++ids, { run, ms }), ids),
    clearTimer: (id: unknown) => void pending.delete(id as number),
    /** Delays of the timers armed now. */
    armed: () => [...pending.values()].map((timer) => timer.ms),
    async tick() {
      const [id, timer] = [...pending.entries()][0];
      pending.delete(id);
      timer.run();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('Poller', () => {
  it('runs at the interval while it succeeds, backs off 1, 2, 4 … 30 s while it fails, and recovers', async () => {
    const timers = manualTimers();
    const outcomes = [true, false, false, false, false, false, false, false, true];
    const retries: [number, number][] = [];
    let runs = 0;
    const poller = new Poller(
      () => (outcomes[runs++] ? Promise.resolve() : Promise.reject(new Error('down'))),
      { onRetry: (_error, attempt, delayMs) => retries.push([attempt, delayMs]) },
      { intervalMs: 8000, ...timers },
    );
    await poller.now();
    const delays = [timers.armed()];
    for (let i = 1; i < outcomes.length; i++) {
      await timers.tick();
      delays.push(timers.armed());
    }
    expect(runs).toBe(outcomes.length);
    expect(retries.map(([, ms]) => ms)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(retries.map(([attempt]) => attempt)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // One timer at a time, and the interval again after the recovery.
    expect(delays.map((armed) => armed.length)).toEqual(outcomes.map(() => 1));
    expect(delays.at(-1)).toEqual([8000]);
  });

  it('waits at least what the server asks (Retry-After)', async () => {
    const timers = manualTimers();
    const poller = new Poller(
      () => Promise.reject(Object.assign(new Error('503'), { wait: 5000 })),
      { onRetry: () => undefined },
      { intervalMs: 8000, waitAfter: (error) => (error as { wait: number }).wait, ...timers },
    );
    await poller.now();
    expect(timers.armed()).toEqual([5000]);
  });

  it('runs one task at a time, runs at once when asked, and stops for good', async () => {
    const timers = manualTimers();
    let release = () => undefined as void;
    let runs = 0;
    const poller = new Poller(
      () => {
        runs += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      { onRetry: () => undefined },
      { intervalMs: 8000, ...timers },
    );
    const first = poller.now();
    const second = poller.now();
    expect(runs).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(timers.armed()).toEqual([8000]);
    const third = poller.now();
    expect([runs, timers.armed()]).toEqual([2, []]);
    release();
    await third;
    poller.stop();
    expect(timers.armed()).toEqual([]);
    await poller.now();
    expect(runs).toBe(2);
  });
});
