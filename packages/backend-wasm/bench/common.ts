/**
 * What every part of the bench shares beyond @rnn/bench's recurrent vocabulary (sizes, variants,
 * passes, FLOP counts and the seeded data, common to the WebGPU bench): the sizes this bench
 * offers, its cases (one set of weights and inputs per case, handed to every library), timing
 * plans, and the small helpers for outcomes and progress lines.
 */
import { caseName, measure, measureAsync, PASSES, recurrentData, type MatrixCell, type MeasureOptions, type Pass, type Size, type SizeName, type Variant } from '@rnn/bench';
import type { PytorchWeights } from './onnx-model.js';

/** The sizes this bench offers, smallest first (`--size all`); h1024 and h2048 are the WebGPU bench's. */
export const OFFERED_SIZES: readonly SizeName[] = ['small', 'medium', 'large'];

/** onnxruntime-web: sessions per model, the faster one counts (see ort-child.ts). */
export const ORT_SESSIONS = 2;

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

/** The case's seeded data from {@link recurrentData}, with the weights in onnx-model.ts's form. */
export function makeCase(variant: Variant, size: Size): Case {
  const { x, ...arrays } = recurrentData(variant, size);
  const weights: PytorchWeights = {
    cell: variant === 'lstm' ? 'lstm' : 'gru',
    resetAfter: variant !== 'gru-before',
    inputSize: size.input,
    hiddenSize: size.hidden,
    ...arrays,
  };
  return { variant, size, weights, x, name: (pass) => caseName(variant, pass, size) };
}

/** Time-major [T, B, F] → batch-major [B, T, F] (tfjs, brain.js), or back with the two first sizes swapped. */
export function swapLeadingAxes(data: Float32Array, d0: number, d1: number, inner: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < d0; i++) {
    for (let j = 0; j < d1; j++) out.set(data.subarray((i * d1 + j) * inner, (i * d1 + j + 1) * inner), (j * d0 + i) * inner);
  }
  return out;
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
