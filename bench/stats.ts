/** Summary statistics of repeated measurements: every figure is a median and a p95. */
export interface Summary {
  median: number;
  p95: number;
  /** How many samples the summary is over. */
  n: number;
}

/** The value at quantile `q` (0–1) by the nearest-rank rule, so it is always a measured sample. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Median and p95 of the samples. */
export function summarize(samples: readonly number[]): Summary {
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95), n: samples.length };
}

/** Milliseconds since an earlier `process.hrtime.bigint()`, at sub-µs resolution. */
export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** How often to repeat a measurement: at least `min` times, at most `max`, stopping once its medians are `precision`-stable. */
export interface Repetitions {
  min: number;
  max: number;
  /** Largest half-width of the median's 95 % confidence interval, as a fraction of the median (0.05: ±5 %). */
  precision: number;
}

/** The same number of repetitions every time. */
export const exactly = (n: number): Repetitions => ({ min: n, max: n, precision: 0 });

/**
 * True when the distribution-free 95 % confidence interval of the median (between the order
 * statistics a Binomial(n, ½) count puts it, whatever the distribution of the samples) lies
 * within ±`precision` of the median.
 */
export function medianSettled(samples: readonly number[], precision: number): boolean {
  const n = samples.length;
  if (n === 0) return false;
  // The largest k with P(Binomial(n, ½) < k) ≤ 2.5 %: the interval is [x(k), x(n-1-k)].
  let k = 0;
  let below = 0;
  let term = 2 ** -n; // P(B = 0)
  while (k < n / 2 && below + term <= 0.025) {
    below += term;
    term *= (n - k) / (k + 1);
    k++;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  return (sorted[n - 1 - k] - sorted[k]) / 2 <= precision * Math.abs(median);
}

/**
 * Runs `round` (it returns the sample lists measured so far) until every list's median is
 * settled, at least `min` and at most `max` times; returns how many rounds ran.
 */
export async function repeatUntilSettled({ min, max, precision }: Repetitions, round: (index: number) => Promise<readonly (readonly number[])[]>): Promise<number> {
  for (let index = 0; index < max; index++) {
    const lists = await round(index);
    if (index + 1 >= min && lists.every((samples) => medianSettled(samples, precision))) return index + 1;
  }
  return max;
}
