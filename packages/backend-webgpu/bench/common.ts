/**
 * What the parts of the WebGPU bench share beyond @rnn/bench's recurrent vocabulary (the sizes,
 * variants, passes, FLOP counts and seeded data, the same as the wasm bench's; h1024 and h2048
 * are offered by this bench only): the default sizes, its cases, the timing plan and the output
 * checks.
 */
import { caseName, maxAbsDiff, measureAsync, nowMs, recurrentData, type MatrixCell, type MeasureOptions, type Pass, type RecurrentData, type Size, type SizeName, type Variant } from '@rnn/bench';

export const DEFAULT_SIZES: readonly SizeName[] = ['small', 'medium', 'large'];

/** One recurrent case: PyTorch-layout weights ([gates·H, I] etc.) and a time-major [T, B, I] input, the same for every implementation. */
export interface Case extends RecurrentData {
  readonly variant: Variant;
  readonly size: Size;
  /** `LSTM forward, small (16, 32, 32, 64)`. */
  readonly name: (pass: Pass) => string;
}

/** The case's seeded data from {@link recurrentData}. */
export function makeCase(variant: Variant, size: Size): Case {
  return { variant, size, ...recurrentData(variant, size), name: (pass) => caseName(variant, pass, size) };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Outputs must agree within this, relative to the reference's largest magnitude (at least 1). */
export const TOLERANCE = 1e-3;

/**
 * The worst difference between two lists of outputs (the forward output; or the loss and every
 * gradient), each scaled by its reference's largest magnitude when that is above 1.
 */
export function outputsDiff(ours: readonly ArrayLike<number>[], reference: readonly ArrayLike<number>[]): number {
  if (ours.length !== reference.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  ours.forEach((o, i) => {
    const ref = reference[i]!;
    worst = Math.max(worst, maxAbsDiff(o, ref) / Math.max(1, maxAbs(ref)));
  });
  return worst;
}

/**
 * Timing. One untimed call first (it compiles the pipelines, and its outputs are checked); then,
 * if it took under {@link QUICK_MS}, more warm-up for ≥ 0.5 s (V8 tiers up wasm between calls)
 * and ≥ 3 runs over ≥ 1.5 s. Otherwise one timed run: kept alone when it took over
 * {@link SLOW_MS} (calls of tens of seconds on a CPU adapter), else it counts as warm-up (the
 * first call also compiled) and {@link MEDIUM_RUNS} runs follow.
 */
export const QUICK_MS = 1000;
export const SLOW_MS = 10_000;
const MEDIUM_RUNS = 3;
const QUICK_PLAN: MeasureOptions = { warmup: 1, minWarmupMs: 500, minRuns: 3, maxRuns: 200, minTimeMs: 1500 };
const ONE_RUN: MeasureOptions = { warmup: 0, minRuns: 1, maxRuns: 1, minTimeMs: 0 };
const MEDIUM_PLAN: MeasureOptions = { warmup: 0, minRuns: MEDIUM_RUNS, maxRuns: MEDIUM_RUNS, minTimeMs: 0 };

export const PLAN_NOTE =
  `Runs: one untimed call first (pipeline compilation; its outputs are the ones checked). Calls under ${QUICK_MS / 1000} s then warm up for ≥ ${QUICK_PLAN.minWarmupMs} ms more and take ≥ ${QUICK_PLAN.minRuns} timed runs over ≥ ${(QUICK_PLAN.minTimeMs ?? 0) / 1000} s; ` +
  `longer ones one timed run, kept alone when over ${SLOW_MS / 1000} s, else followed by ${MEDIUM_RUNS} runs that count. Cells are medians; the ratio table gives the runs of each side.`;

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);

/** Progress on stderr, so stdout holds only the report. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** What one implementation did on one row: the cell, and the outputs of its first call (for the checks). */
export interface Timed {
  readonly cell: MatrixCell;
  readonly outputs: Float32Array[] | null;
}

/**
 * Times `fn` (which must read its results back and free what it made), after one untimed call
 * whose outputs are returned. A throw becomes a `failed: …` cell; `live` (handles or tensors)
 * growing across the runs becomes a LEAK note.
 */
export async function timeAsync(fn: () => Promise<Float32Array[]>, live: () => number): Promise<Timed> {
  let outputs: Float32Array[];
  try {
    const before = live();
    const start = nowMs();
    outputs = await fn();
    const first = nowMs() - start;
    let stats = await measureAsync(fn, first < QUICK_MS ? QUICK_PLAN : ONE_RUN);
    if (first >= QUICK_MS && stats.median <= SLOW_MS) stats = await measureAsync(fn, MEDIUM_PLAN);
    const grown = live() - before;
    if (grown !== 0) {
      process.exitCode = 1;
      return { cell: { stats, note: `LEAK: ${grown} more live tensors after the runs` }, outputs };
    }
    return { cell: { stats }, outputs };
  } catch (e) {
    return { cell: { missing: `failed: ${errorMessage(e)}` }, outputs: null };
  }
}

/** `12.3 ms (median of 5)`, or why there is no number. */
export function describe(cell: MatrixCell): string {
  if ('missing' in cell) return cell.missing;
  return `${cell.stats.median.toFixed(cell.stats.median < 10 ? 2 : 1)} ms (median of ${cell.stats.runs})${cell.note === undefined ? '' : ` — ${cell.note}`}`;
}
