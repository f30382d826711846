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
