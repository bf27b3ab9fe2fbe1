/** Timing a function: warm-up calls, then timed samples until both a run count and a time budget are met. */
import { collectGarbage, cpuMs, nowMs, openCpuWindow, otherCoresSince } from './clock.js';
import { summarize, type Stats } from './stats.js';

export interface MeasureOptions {
  /** Untimed calls first, so the JIT has compiled the hot paths (default 1)… */
  readonly warmup?: number;
  /**
   * …and more untimed calls until they have taken this long together (default 0). WebAssembly
   * needs it: V8 first runs a module's functions from its baseline compiler (Liftoff) and swaps
   * in the optimized code only between calls, so a fast kernel may need a dozen calls to settle.
   */
  readonly minWarmupMs?: number;
  /** Keep taking samples until this much timed wall time has passed (default 500)… */
  readonly minTimeMs?: number;
  /** …and at least this many samples were taken (default 5). Use 2–3 for calls of seconds. */
  readonly minRuns?: number;
  /** Never more than this many samples, whatever `minTimeMs` says (default 1000). */
  readonly maxRuns?: number;
  /**
   * Calls per sample (default 1). For calls of microseconds, time them in batches of, say,
   * 1000 so the clock's own cost vanishes; the stats are still per call.
   */
  readonly batch?: number;
}

interface Plan {
  readonly warmup: number;
  readonly minWarmupMs: number;
  readonly minTimeMs: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly batch: number;
}

function plan(options: MeasureOptions): Plan {
  const p: Plan = {
    warmup: options.warmup ?? 1,
    minWarmupMs: options.minWarmupMs ?? 0,
    minTimeMs: options.minTimeMs ?? 500,
    minRuns: options.minRuns ?? 5,
    maxRuns: options.maxRuns ?? 1000,
    batch: options.batch ?? 1,
  };
  const counts: [string, number][] = [['warmup', p.warmup], ['minRuns', p.minRuns], ['maxRuns', p.maxRuns], ['batch', p.batch]];
  for (const [name, n] of counts) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`measure: ${name} must be a non-negative integer, got ${n}`);
  }
  if (p.batch < 1 || p.maxRuns < 1) throw new RangeError('measure: batch and maxRuns must be at least 1');
  if (!(p.minTimeMs >= 0)) throw new RangeError(`measure: minTimeMs must be non-negative, got ${p.minTimeMs}`);
  if (!(p.minWarmupMs >= 0)) throw new RangeError(`measure: minWarmupMs must be non-negative, got ${p.minWarmupMs}`);
  return p;
}

const wantsMore = (p: Plan, runs: number, elapsedMs: number): boolean =>
  runs < p.maxRuns && (runs < p.minRuns || elapsedMs < p.minTimeMs);

/** Warm-up goes on while fewer than `warmup` calls were made or they took less than `minWarmupMs`. */
const wantsWarmup = (p: Plan, calls: number, elapsedMs: number): boolean => calls < p.warmup || (p.minWarmupMs > 0 && elapsedMs < p.minWarmupMs);

/**
 * Times a synchronous `fn`. Whatever `fn` does is counted, so make it finish its work (read the
 * result back) and free what it allocates (dispose tensors), every call.
 *
 * @example
 * const stats = measure(() => { const c = matmul(a, b); c.dataSync(); c.dispose(); }, { warmup: 1, minRuns: 3 });
 * console.log(`${stats.median.toFixed(1)} ms (min ${stats.min.toFixed(1)}, ${stats.runs} runs)`);
 */
export function measure(fn: () => unknown, options: MeasureOptions = {}): Stats {
  const p = plan(options);
  const warmStart = nowMs();
  for (let i = 0; wantsWarmup(p, i, nowMs() - warmStart); i++) fn();
  collectGarbage();
  const samples: number[] = [];
  let elapsed = 0;
  let cpu = 0;
  const cpuWindow = openCpuWindow();
  while (wantsMore(p, samples.length, elapsed)) {
    const cpuStart = cpuMs();
    const start = nowMs();
    for (let i = 0; i < p.batch; i++) fn();
    const took = nowMs() - start;
    cpu += cpuMs() - cpuStart;
    elapsed += took;
    samples.push(took / p.batch);
  }
  return summarize(samples, p.batch, elapsed, { cpuMs: cpu, otherCores: otherCoresSince(cpuWindow) });
}

/** {@link measure} for a function that returns a promise: each call is awaited before the next. */
export async function measureAsync(fn: () => Promise<unknown>, options: MeasureOptions = {}): Promise<Stats> {
  const p = plan(options);
  const warmStart = nowMs();
  for (let i = 0; wantsWarmup(p, i, nowMs() - warmStart); i++) await fn();
  collectGarbage();
  const samples: number[] = [];
  let elapsed = 0;
  let cpu = 0;
  const cpuWindow = openCpuWindow();
  while (wantsMore(p, samples.length, elapsed)) {
    const cpuStart = cpuMs();
    const start = nowMs();
    for (let i = 0; i < p.batch; i++) await fn();
    const took = nowMs() - start;
    cpu += cpuMs() - cpuStart;
    elapsed += took;
    samples.push(took / p.batch);
  }
  return summarize(samples, p.batch, elapsed, { cpuMs: cpu, otherCores: otherCoresSince(cpuWindow) });
}
