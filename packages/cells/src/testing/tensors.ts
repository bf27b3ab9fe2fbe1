/** Test support: small, readable ways to build and compare float64 tensors. */
import { fromArray, type Tensor } from '@rnn/tensor';

export const values = (t: Tensor): number[] => [...t.dataSync()];

/** The largest elementwise |a − b|; Infinity when the shapes differ. */
export function maxAbsDifference(a: Tensor, b: Tensor): number {
  if (a.shape.join() !== b.shape.join()) return Infinity;
  const vb = b.dataSync();
  return values(a).reduce((m, v, i) => Math.max(m, Math.abs(v - vb[i]!)), 0);
}

/** A copy of `t` with rows [start, start + count) of its first axis set to `value`. */
export function withRows(t: Tensor, start: number, count: number, value: number): Tensor {
  const data = Float64Array.from(t.dataSync());
  const rowSize = t.size / t.shape[0]!;
  data.fill(value, start * rowSize, (start + count) * rowSize);
  return fromArray(data, { shape: t.shape, dtype: t.dtype });
}

/** Rows [start, start + count) of `t`'s first axis, as plain arrays. */
export function rowsOf(t: Tensor, start: number, count: number): number[] {
  const rowSize = t.size / t.shape[0]!;
  return values(t).slice(start * rowSize, (start + count) * rowSize);
}
