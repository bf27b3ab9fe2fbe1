/**
 * What the parts of the WebGPU bench share: sizes, cases with seeded data, analytic FLOP
 * counts, the timing plan and the output checks.
 *
 * The sizes small/medium/large, the seeded generator and the FLOP count are the same as
 * packages/backend-wasm/bench/common.ts (kept minimal here rather than imported across
 * packages, so the two benches stay independent); h1024 and h2048 are this bench's own.
 */
import { measureAsync, nowMs, type MatrixCell, type MeasureOptions } from '@rnn/bench';

export type SizeName = 'small' | 'medium' | 'large' | 'h1024' | 'h2048';

/** B sequences of T steps of I features, H hidden units. */
export interface Size {
  readonly name: SizeName;
  readonly batch: number;
  readonly steps: number;
  readonly input: number;
  readonly hidden: number;
}

export const SIZES: Readonly<Record<SizeName, Size>> = {
  small: { name: 'small', batch: 16, steps: 32, input: 32, hidden: 64 },
  medium: { name: 'medium', batch: 32, steps: 64, input: 128, hidden: 256 },
  large: { name: 'large', batch: 64, steps: 128, input: 256, hidden: 512 },
  h1024: { name: 'h1024', batch: 64, steps: 128, input: 1024, hidden: 1024 },
  h2048: { name: 'h2048', batch: 64, steps: 128, input: 2048, hidden: 2048 },
};

export const DEFAULT_SIZES: readonly SizeName[] = ['small', 'medium', 'large'];

export const sizeLabel = (s: Size): string => `${s.name} (${s.batch}, ${s.steps}, ${s.input}, ${s.hidden})`;

/** LSTM; GRU reset-after (PyTorch's, our default); GRU reset-before (the only GRU tfjs-layers has). */
export type Variant = 'lstm' | 'gru-after' | 'gru-before';

export const VARIANT_LABEL: Readonly<Record<Variant, string>> = { lstm: 'LSTM', 'gru-after': 'GRU (reset after)', 'gru-before': 'GRU (reset before)' };

export type Pass = 'forward' | 'train';
export const PASSES: readonly Pass[] = ['forward', 'train'];
const PASS_LABEL: Readonly<Record<Pass, string>> = { forward: 'forward', train: 'train step' };

export const gatesOf = (variant: Variant): number => (variant === 'lstm' ? 4 : 3);

/**
 * FLOPs of a forward pass: per step the GEMMs 2·B·(I+H)·gates·H plus the gate math (B·H·21 for
 * an LSTM, B·H·16 for a GRU); a train step counts 3× (as the wasm bench does).
 */
export function recurrentFlops(variant: Variant, size: Size, pass: Pass): number {
  const { batch: B, steps: T, input: I, hidden: H } = size;
  const step = 2 * B * (I + H) * gatesOf(variant) * H + B * H * (variant === 'lstm' ? 21 : 16);
  return (pass === 'forward' ? 1 : 3) * T * step;
}

export const MATMUL_N = 1024;
export const matmulFlops = (n: number): number => 2 * n ** 3;

/** One recurrent case: PyTorch-layout weights ([gates·H, I] etc.) and a time-major [T, B, I] input, the same for every implementation. */
export interface Case {
  readonly variant: Variant;
  readonly size: Size;
  readonly weightIh: Float32Array;
  readonly weightHh: Float32Array;
  readonly biasIh: Float32Array;
  readonly biasHh: Float32Array;
  readonly x: Float32Array;
  /** `LSTM forward, small (16, 32, 32, 64)`. */
  readonly name: (pass: Pass) => string;
}

/** mulberry32: seeded floats in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uniformArray(n: number, bound: number, next: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * next() - 1) * bound;
  return out;
}

/** Weights U(−1/√H, 1/√H) as PyTorch initializes them, x ~ U(−1, 1); seeded per case. */
export function makeCase(variant: Variant, size: Size): Case {
  const { batch: B, steps: T, input: I, hidden: H } = size;
  const next = seeded(1234 + gatesOf(variant) * 7919 + H);
  const rows = gatesOf(variant) * H;
  const bound = 1 / Math.sqrt(H);
  return {
    variant,
    size,
    weightIh: uniformArray(rows * I, bound, next),
    weightHh: uniformArray(rows * H, bound, next),
    biasIh: uniformArray(rows, bound, next),
    biasHh: uniformArray(rows, bound, next),
    x: uniformArray(T * B * I, 1, next),
    name: (pass) => `${VARIANT_LABEL[variant]} ${PASS_LABEL[pass]}, ${sizeLabel(size)}`,
  };
}

/** The largest |a − b|; Infinity for different lengths or a NaN. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
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
