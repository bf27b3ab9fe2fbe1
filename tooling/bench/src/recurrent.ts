/**
 * The vocabulary the recurrent benches share (packages/backend-wasm/bench and
 * packages/backend-webgpu/bench): the problem sizes, the cases and passes with their labels, the
 * analytic FLOP counts, and the seeded data every library of a run is handed. Each bench picks
 * the sizes it offers and wraps the data in its own case type.
 */

export type SizeName = 'small' | 'medium' | 'large' | 'h1024' | 'h2048';

/** A problem size: B sequences of T steps of I features, H hidden units. */
export interface Size {
  readonly name: SizeName;
  readonly batch: number;
  readonly steps: number;
  readonly input: number;
  readonly hidden: number;
}

/** Every size, smallest first; h1024 and h2048 are for the WebGPU bench (the wasm bench offers the first three). */
export const SIZES: Readonly<Record<SizeName, Size>> = {
  small: { name: 'small', batch: 16, steps: 32, input: 32, hidden: 64 },
  medium: { name: 'medium', batch: 32, steps: 64, input: 128, hidden: 256 },
  large: { name: 'large', batch: 64, steps: 128, input: 256, hidden: 512 },
  h1024: { name: 'h1024', batch: 64, steps: 128, input: 1024, hidden: 1024 },
  h2048: { name: 'h2048', batch: 64, steps: 128, input: 2048, hidden: 2048 },
};

/** `medium (32, 64, 128, 256)`: the name, then (B, T, I, H). */
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

/** A case's row name: `LSTM forward, medium (32, 64, 128, 256)`. */
export const caseName = (variant: Variant, pass: Pass, size: Size): string => `${VARIANT_LABEL[variant]} ${PASS_LABEL[pass]}, ${sizeLabel(size)}`;

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

/** The matmul case: C = A·B, all n×n float32. */
export const MATMUL_N = 1024;
export const matmulFlops = (n: number): number => 2 * n ** 3;

/** mulberry32: a tiny seeded generator of floats in [0, 1), so every run gets the same data. */
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

/** `n` floats drawn from U(−bound, bound) with `next`. */
export function uniformArray(n: number, bound: number, next: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * next() - 1) * bound;
  return out;
}

/** The base of every case's seed (see {@link recurrentData}). */
export const SEED = 1234;

/** One recurrent case's data, handed to every library: PyTorch's layout (our layers' too). */
export interface RecurrentData {
  /** `weight_ih_l0`, [gates·H, I]. */
  readonly weightIh: Float32Array;
  /** `weight_hh_l0`, [gates·H, H]. */
  readonly weightHh: Float32Array;
  /** `bias_ih_l0`, [gates·H]. */
  readonly biasIh: Float32Array;
  /** `bias_hh_l0`, [gates·H]. */
  readonly biasHh: Float32Array;
  /** The input, time-major [T, B, I]. */
  readonly x: Float32Array;
}

/**
 * Weights as PyTorch initializes them, U(−1/√H, 1/√H), and x ~ U(−1, 1); seeded per case (by
 * the gate count and H, so both GRU forms get the same data).
 */
export function recurrentData(variant: Variant, size: Size): RecurrentData {
  const { batch: B, steps: T, input: I, hidden: H } = size;
  const next = seeded(SEED + gatesOf(variant) * 7919 + H);
  const rows = gatesOf(variant) * H;
  const bound = 1 / Math.sqrt(H);
  const weightIh = uniformArray(rows * I, bound, next);
  const weightHh = uniformArray(rows * H, bound, next);
  const biasIh = uniformArray(rows, bound, next);
  const biasHh = uniformArray(rows, bound, next);
  return { weightIh, weightHh, biasIh, biasHh, x: uniformArray(T * B * I, 1, next) };
}

/** The largest |a − b| over two arrays; Infinity for different lengths or a NaN. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}
