import type { Shape, TypedArray } from '../../backend/types.js';
import { sizeOf } from '../../shape.js';

/** `x` viewed as [outer, n, inner]: output block (p, j) copies x's block (p, indices[j]). */
export function gatherKernel(x: TypedArray, shape: Shape, indices: Int32Array, axis: number, out: TypedArray): void {
  const n = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  let o = 0;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < indices.length; j++) {
      const from = (p * n + indices[j]!) * inner;
      out.set(x.subarray(from, from + inner), o);
      o += inner;
    }
  }
}

/** The adjoint: `out` (zeroed) as [outer, n, inner] accumulates update block (p, j) at (p, indices[j]). */
export function scatterAddKernel(indices: Int32Array, updates: TypedArray, outShape: Shape, axis: number, out: TypedArray): void {
  const n = outShape[axis]!;
  const inner = sizeOf(outShape.slice(axis + 1));
  const outer = sizeOf(outShape.slice(0, axis));
  let u = 0;
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < indices.length; j++) {
      const to = (p * n + indices[j]!) * inner;
      for (let i = 0; i < inner; i++) out[to + i]! += updates[u++]!;
    }
  }
}
