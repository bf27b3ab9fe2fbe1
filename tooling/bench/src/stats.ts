/** Summary statistics of timing samples. */

/** Timings of one measured function, in milliseconds per call. */
export interface Stats {
  /** The median sample: the number to report (robust to GC pauses and a noisy machine). */
  readonly median: number;
  /** The fastest sample: the best the code can do when nothing interferes. */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** How many timed samples were taken (warm-up calls excluded). */
  readonly runs: number;
  /** Calls per sample: every number above is already divided by it. */
  readonly batch: number;
  /** Wall time of all timed samples together. */
  readonly totalMs: number;
  /** Every sample, in the order taken, per call. */
  readonly samples: readonly number[];
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Summarizes per-call `samples` (ms) taken `batch` calls at a time over `totalMs` of wall time. */
export function summarize(samples: readonly number[], batch: number, totalMs: number): Stats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const s of samples) {
    if (s < min) min = s;
    if (s > max) max = s;
    sum += s;
  }
  const runs = samples.length;
  return {
    median: median(samples),
    min: runs > 0 ? min : Number.NaN,
    max: runs > 0 ? max : Number.NaN,
    mean: runs > 0 ? sum / runs : Number.NaN,
    runs,
    batch,
    totalMs,
    samples: [...samples],
  };
}
