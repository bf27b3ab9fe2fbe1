/**
 * The matrix products and reductions of the sequence kernels, as views over flat arrays passed
 * to the blocked {@link matmulKernel}. It reads any strides, so PyTorch's [out, in] weights,
 * column blocks of the gate matrix and the reserve's planes are all used in place; it writes
 * (never accumulates) a dense output.
 */
import { matmulKernel, type FloatArray } from '../matmul.js';

/** A row-major matrix inside a flat array: element (i, j) is `data[offset + i·stride + j]`. */
export interface MatrixView {
  readonly data: FloatArray;
  readonly offset: number;
  readonly stride: number;
}

export const view = (data: FloatArray, offset: number, stride: number): MatrixView => ({ data, offset, stride });

/** out[m, n] = A[m, k] · W[n, k]ᵀ: a linear map by a weight stored as PyTorch stores it ([out, in]). */
export function linear(a: MatrixView, w: MatrixView, out: FloatArray, m: number, n: number, k: number): void {
  matmulKernel(a.data, a.offset, a.stride, 1, w.data, w.offset, 1, w.stride, out, 0, m, n, k);
}

/** out[m, n] = G[m, k] · W[k, n]: the gradient that flows back through {@link linear} to its input. */
export function linearInputGradient(g: MatrixView, w: MatrixView, out: FloatArray, m: number, n: number, k: number): void {
  matmulKernel(g.data, g.offset, g.stride, 1, w.data, w.offset, w.stride, 1, out, 0, m, n, k);
}

/**
 * out[n, k] = G[rows, n]ᵀ · A[rows, k], written at `outOffset`: the gradient of {@link linear}'s
 * weight summed over every row at once, as one product.
 */
export function linearWeightGradient(
  g: MatrixView, a: MatrixView, out: FloatArray, outOffset: number, rows: number, n: number, k: number,
): void {
  matmulKernel(g.data, g.offset, 1, g.stride, a.data, a.offset, a.stride, 1, out, outOffset, n, k, rows);
}

/** out[outOffset + j] = Σᵢ G[i, j]: a bias gradient. */
export function columnSums(g: MatrixView, rows: number, n: number, out: FloatArray, outOffset: number): void {
  const sums = new Float64Array(n);
  for (let i = 0; i < rows; i++) {
    const row = g.offset + i * g.stride;
    for (let j = 0; j < n; j++) sums[j]! += g.data[row + j]!;
  }
  out.set(sums, outOffset);
}

/** out[j] = Σᵢ A[i, j]·B[i, j]: the gradient of an elementwise weight (an lstm peephole). */
export function columnSumsOfProducts(a: MatrixView, b: MatrixView, rows: number, n: number, out: FloatArray): void {
  const sums = new Float64Array(n);
  for (let i = 0; i < rows; i++) {
    const rowA = a.offset + i * a.stride;
    const rowB = b.offset + i * b.stride;
    for (let j = 0; j < n; j++) sums[j]! += a.data[rowA + j]! * b.data[rowB + j]!;
  }
  out.set(sums);
}
