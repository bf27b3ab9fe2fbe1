/**
 * Phase 2 of the backward pass as a list of tasks (assembly/sequence/gradients.ts), one sum over
 * all T·B rows each: dW_ih = dGatesᵀ·X, dW_hh = dGatesᵀ·H_{t−1} block by block (the GRU's n rows
 * differ), db = Σ dGates, the peepholes' Σ dGates ⊙ c, dW_hr = dHᵀ·M.
 */
import type { WasmBuffer } from '../storage.js';
import { TASK, type GradientTask } from './args.js';
import { FAMILY, type SequenceLayout } from './layout.js';

/**
 * The row stride of a plane that phase 2 reads down its columns (4 floats per row): off a
 * multiple of 64 bytes, so that successive rows fall in different L1 sets. A stride of 4 KiB
 * (LSTM, H = 256) puts every row of a 4-column strip in the same set; padded, dW = dGatesᵀ·X
 * runs at ~42 GFLOP/s instead of ~26 (measured, B=32 T=64 H=256).
 */
export const columnReadStride = (width: number): number => (width === 0 ? 0 : Math.ceil(width / 16) * 16 + 4);

/** Byte addresses of the planes phase 1 leaves and the reserve's, with the strides of phase 1's. */
export interface Planes {
  readonly x: number;
  readonly dGates: number;
  readonly dGatesStride: number;
  readonly dCandidate: number;
  readonly dCandidateStride: number;
  readonly dProjected: number;
  readonly dProjectedStride: number;
  readonly cellOutputs: number;
  readonly previousH: number;
  readonly previousC: number;
  readonly extra: number;
}

/**
 * A block of weight_hh rows [first, first + count) whose gradient is one product: dW = Gᵀ·operand
 * over all rows, and bias_hh's slice is Σ G. The GRU's n rows see r ⊙ dL/da_n (reset after)
 * or multiply r ⊙ h instead of h (reset before).
 */
function recurrentBlocks(layout: SequenceLayout, p: Planes): { first: number; count: number; g: number; ldg: number; operand: number }[] {
  const { hidden: H, gateWidth } = layout;
  switch (layout.family) {
    case FAMILY.gru:
      return [
        { first: 0, count: 2 * H, g: p.dGates, ldg: p.dGatesStride, operand: p.previousH },
        { first: 2 * H, count: H, g: p.dCandidate, ldg: p.dCandidateStride, operand: p.previousH },
      ];
    case FAMILY.gruResetBefore:
      return [
        { first: 0, count: 2 * H, g: p.dGates, ldg: p.dGatesStride, operand: p.previousH },
        { first: 2 * H, count: H, g: p.dGates + 2 * H * 4, ldg: p.dGatesStride, operand: p.extra },
      ];
    default:
      return [{ first: 0, count: gateWidth, g: p.dGates, ldg: p.dGatesStride, operand: p.previousH }];
  }
}

export function gradientTasks(layout: SequenceLayout, p: Planes, dWeights: Readonly<Record<string, WasmBuffer>>): GradientTask[] {
  const { inputSize: I, hidden: H, outputSize, gateWidth, projSize } = layout;
  const tasks: GradientTask[] = [];
  const product = (n: number, g: number, ldg: number, a: number, lda: number, k: number, out: number): void => {
    tasks.push({ kind: TASK.product, n, g, ldg, a, lda, k, out });
  };
  const sums = (n: number, g: number, ldg: number, out: number): void => {
    tasks.push({ kind: TASK.columnSums, n, g, ldg, a: 0, lda: 0, k: 0, out });
  };
  const productSums = (n: number, g: number, ldg: number, a: number, lda: number, out: number): void => {
    tasks.push({ kind: TASK.productSums, n, g, ldg, a, lda, k: 0, out });
  };
  const { weight_ih, weight_hh, bias_ih, bias_hh, weight_ci, weight_cf, weight_co, weight_hr } = dWeights;
  product(gateWidth, p.dGates, p.dGatesStride, p.x, I, I, weight_ih!.ptr);
  if (bias_ih !== undefined) sums(gateWidth, p.dGates, p.dGatesStride, bias_ih.ptr);
  for (const block of recurrentBlocks(layout, p)) {
    product(block.count, block.g, block.ldg, block.operand, outputSize, outputSize, weight_hh!.ptr + block.first * outputSize * 4);
    if (bias_hh !== undefined) sums(block.count, block.g, block.ldg, bias_hh.ptr + block.first * 4);
  }
  // The peepholes see c_{t−1} (i, f) and c_t (o): Σ over rows of the gate's gradient ⊙ that state.
  const gateBlock = (k: number): number => p.dGates + k * H * 4;
  if (weight_ci !== undefined) productSums(H, gateBlock(0), p.dGatesStride, p.previousC, H, weight_ci.ptr);
  if (weight_cf !== undefined) productSums(H, gateBlock(1), p.dGatesStride, p.previousC, H, weight_cf.ptr);
  if (weight_co !== undefined) productSums(H, gateBlock(3), p.dGatesStride, p.extra, H, weight_co.ptr);
  if (weight_hr !== undefined) product(projSize, p.dProjected, p.dProjectedStride, p.cellOutputs, H, H, weight_hr.ptr);
  return tasks;
}
