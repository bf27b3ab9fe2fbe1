/**
 * What every part of the bench shares: the sizes, the cases, their analytic FLOP counts, the
 * seeded weights and inputs (one set per case, handed to every library), timing plans, and the
 * small helpers for outcomes and progress lines.
 */
import { measure, measureAsync, type MatrixCell, type MeasureOptions } from '@rnn/bench';
import type { PytorchWeights } from './onnx-model.js';

export type SizeName = 'small' | 'medium' | 'large';

/** A problem size: B sequences of T steps of I features, H hidden units. */
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
};

export const sizeLabel = (s: Size): string => `${s.name} (${s.batch}, ${s.steps}, ${s.input}, ${s.hidden})`;

/**
 * The recurrent cases: an LSTM (PyTorch's), a GRU with the reset gate after the recurrent matmul
 * (PyTorch's and cuDNN's form, our default) and one with it before (Cho et al.'s form, Keras's
 * `reset_after=False`: the only GRU tfjs-layers and brain.js have).
 */
export type Variant = 'lstm' | 'gru-after' | 'gru-before';

export const VARIANT_LABEL: Readonly<Record<Variant, string>> = {
  lstm: 'LSTM',
  'gru-after': 'GRU (reset after)',
  'gru-before': 'GRU (reset before)',
};

export type Pass = 'forward' | 'train';
export const PASSES: readonly Pass[] = ['forward', 'train'];
export const PASS_LABEL: Readonly<Record<Pass, string>> = { forward: 'forward', train: 'train step' };

export const gatesOf = (variant: Variant): number => (variant === 'lstm' ? 4 : 3);

/**
 * Gate math per (batch row, hidden unit) per step, each add, multiply, sigmoid and tanh counted
 * as one FLOP:
 * - LSTM 21: two bias adds and the x-projection + h-projection add for each of the 4 gates
 *   (12), σ(i), σ(f), σ(o), tanh(g) (4), c' = f·c + i·g (3), tanh(c') (1), h' = o·tanh(c') (1).
 * - GRU 16: two bias adds for each of the 3 gates (6), the projection adds of r and z (2),
 *   σ(r), σ(z) (2), n = tanh(x_n + r·h_n) (3: mul, add, tanh), h' = n + z·(h − n) (3).
 */
const GATE_FLOPS: Readonly<Record<Variant, number>> = { lstm: 21, 'gru-after': 16, 'gru-before': 16 };

/**
 * FLOPs of one forward pass over the whole sequence: per step the two GEMMs x_t·W_ihᵀ and
 * h_{t−1}·W_hhᵀ, 2·B·(I + H)·gates·H, plus the gate math, B·H·(21 LSTM | 16 GRU).
 *
 * A training step counts 3× that: the backward pass does two GEMMs for every forward one (the
 * weight gradient, and the gradient w.r.t. the GEMM's other input) and about twice the gate
 * math — the usual convention. It includes dL/dx, which no library here needs (x is not a
 * parameter), so it slightly flatters implementations that skip it; the times are the truth.
 */
export function recurrentFlops(variant: Variant, size: Size, pass: Pass): number {
  const { batch: B, steps: T, input: I, hidden: H } = size;
  const step = 2 * B * (I + H) * gatesOf(variant) * H + B * H * GATE_FLOPS[variant];
  return (pass === 'forward' ? 1 : 3) * T * step;
}

/** onnxruntime-web: sessions per model, the faster one counts (see ort-child.ts). */
export const ORT_SESSIONS = 2;

/** The matmul case: C = A·B, all n×n float32. */
export const MATMUL_N = 1024;
export const matmulFlops = (n: number): number => 2 * n ** 3;

/** One recurrent case with its data: the same weights and input go to every library. */
export interface Case {
  readonly variant: Variant;
  readonly size: Size;
  /** PyTorch's layout (our layers' too): `weight_ih_l0` [gates·H, I] etc. */
  readonly weights: PytorchWeights;
  /** The input, time-major [T, B, I]. */
  readonly x: Float32Array;
  /** `LSTM forward, medium (32, 64, 128, 256)`. */
  readonly name: (pass: Pass) => string;
}

/** mulberry32: a tiny seeded generator of floats in [0, 1), so every run gets the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(n: number, bound: number, next: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * next() - 1) * bound;
  return out;
}

export const SEED = 1234;

/** Weights as PyTorch initializes them, U(−1/√H, 1/√H), and x ~ U(−1, 1); seeded per case. */
export function makeCase(variant: Variant, size: Size): Case {
  const { batch: B, steps: T, input: I, hidden: H } = size;
  const next = random(SEED + gatesOf(variant) * 7919 + H);
  const rows = gatesOf(variant) * H;
  const bound = 1 / Math.sqrt(H);
  const weights: PytorchWeights = {
    cell: variant === 'lstm' ? 'lstm' : 'gru',
    resetAfter: variant !== 'gru-before',
    inputSize: I,
    hiddenSize: H,
    weightIh: uniform(rows * I, bound, next),
    weightHh: uniform(rows * H, bound, next),
    biasIh: uniform(rows, bound, next),
    biasHh: uniform(rows, bound, next),
  };
  const x = uniform(T * B * I, 1, next);
  return { variant, size, weights, x, name: (pass) => `${VARIANT_LABEL[variant]} ${PASS_LABEL[pass]}, ${sizeLabel(size)}` };
}

/** Time-major [T, B, F] → batch-major [B, T, F] (tfjs, brain.js), or back with the two first sizes swapped. */
export function swapLeadingAxes(data: Float32Array, d0: number, d1: number, inner: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < d0; i++) {
    for (let j = 0; j < d1; j++) out.set(data.subarray((i * d1 + j) * inner, (i * d1 + j + 1) * inner), (j * d0 + i) * inner);
  }
  return out;
}

/** The largest |a − b| over two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/**
 * Timing plans. Fast implementations: warm up for at least 0.75 s and 2 calls (V8 swaps in
 * optimized wasm only between calls), then at least 3 runs and 1.2 s — a thousand runs of a
 * 1 ms call, a dozen of a 100 ms one.
 */
export const FAST_PLAN: MeasureOptions = { warmup: 2, minWarmupMs: 750, minRuns: 3, maxRuns: 1000, minTimeMs: 1200 };
/**
 * Slow ones (up to seconds per call): 1 warm-up, then runs until 2.5 s have passed — a single
 * run for a call of 2.5 s or more, at most 10.
 */
export const SLOW_PLAN: MeasureOptions = { warmup: 1, minRuns: 1, maxRuns: 10, minTimeMs: 2500 };
/**
 * {@link SLOW_PLAN} without the warm-up, for a pass that already ran during setup (tfjs's forward
 * builds its weights; brain.js must train once before it runs) or whose calls take seconds of
 * JavaScript — the JIT's warm-up is then a rounding error (tfjs-cpu).
 */
export const SLOW_WARMED_PLAN: MeasureOptions = { ...SLOW_PLAN, warmup: 0 };
/** One call, no warm-up: tfjs-wasm's training step at large (tens of seconds; its forward pass warmed the same kernels). */
export const ONCE_PLAN: MeasureOptions = { warmup: 0, minRuns: 1, maxRuns: 1, minTimeMs: 0 };

/** Progress on stderr, so stdout holds only the report. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160);

/** `measure(fn, plan)` as a matrix cell: `failed: …` when it throws, the leak check's remark as a note. */
export function timeCell(fn: () => unknown, plan: MeasureOptions, live?: () => number, what = 'handles'): MatrixCell {
  try {
    const before = live?.() ?? 0;
    const stats = measure(fn, plan);
    const grown = (live?.() ?? 0) - before;
    if (grown !== 0) {
      process.exitCode = 1;
      return { stats, note: `LEAK: ${what} grew by ${grown}` };
    }
    return { stats };
  } catch (e) {
    return { missing: `failed: ${errorMessage(e)}` };
  }
}

/** {@link timeCell} for an async function. */
export async function timeCellAsync(fn: () => Promise<unknown>, plan: MeasureOptions): Promise<MatrixCell> {
  try {
    return { stats: await measureAsync(fn, plan) };
  } catch (e) {
    return { missing: `failed: ${errorMessage(e)}` };
  }
}

/** `12.3 ms (median of 5)`, or why there is no number. */
export function describe(cell: MatrixCell): string {
  if ('missing' in cell) return cell.missing;
  const note = cell.note === undefined ? '' : ` — ${cell.note}`;
  return `${cell.stats.median.toFixed(cell.stats.median < 10 ? 2 : 1)} ms (median of ${cell.stats.runs})${note}`;
}

/** The timing plan for each pass of a case (the slow peers warm up differently per pass). */
export type PassPlan = (pass: Pass) => MeasureOptions;

/** The outcomes of one implementation on one case. */
export type PassCells = Partial<Record<Pass, MatrixCell>>;

/** The same cell for every pass (e.g. a failure before anything ran). */
export function allPasses(cell: MatrixCell, passes: readonly Pass[] = PASSES): PassCells {
  const cells: PassCells = {};
  for (const p of passes) cells[p] = cell;
  return cells;
}
