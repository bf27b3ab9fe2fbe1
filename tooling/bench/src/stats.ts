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
  /**
   * CPU time (user + system) the whole process spent during the timed samples, every thread
   * counted — worker threads included — when the measuring side could read it. `cpuMs / totalMs`
   * is how many cores were busy on average: about 1 for single-threaded code, up to the thread
   * count for code that really runs in parallel.
   */
  readonly cpuMs?: number;
  /**
   * Cores kept busy by other processes on average while the samples ran (the machine's busy CPU
   * time minus this process's, over wall time), where the platform reports the machine's CPU
   * time. Near 0 on a quiet machine; on a machine with few cores, much above 0 means the
   * measured code competed for the CPU and its times are inflated.
   */
  readonly otherCores?: number;
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

/** What is known about the CPU while samples ran: see {@link Stats.cpuMs} and {@link Stats.otherCores}. */
export interface CpuInfo {
  readonly cpuMs?: number;
  readonly otherCores?: number;
}

/**
 * Summarizes per-call `samples` (ms) taken `batch` calls at a time over `totalMs` of wall time
 * (and what is known about the CPU meanwhile).
 */
export function summarize(samples: readonly number[], batch: number, totalMs: number, cpu: CpuInfo = {}): Stats {
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
    ...(cpu.cpuMs === undefined ? {} : { cpuMs: cpu.cpuMs }),
    ...(cpu.otherCores === undefined ? {} : { otherCores: cpu.otherCores }),
    samples: [...samples],
  };
}

/** Busy cores on average while the samples ran (`cpuMs / totalMs`), or null when CPU time was not measured. */
export function parallelism(stats: Stats): number | null {
  return stats.cpuMs === undefined || !(stats.totalMs > 0) ? null : stats.cpuMs / stats.totalMs;
}
