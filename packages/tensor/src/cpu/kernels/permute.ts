import type { Shape, TypedArray } from '../../backend/types.js';
import { stridesOf } from '../../shape.js';
import { forEachRow } from '../strided.js';

/** Gathers `x` through permuted strides into the dense `out`. */
export function permuteKernel(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const strides = stridesOf(shape);
  forEachRow(
    perm.map((p) => shape[p]!),
    [perm.map((p) => strides[p]!)],
    (offsets, n, steps, o) => {
      for (let i = 0, xi = offsets[0]!, s = steps[0]!; i < n; i++, xi += s) out[o + i] = x[xi]!;
    },
  );
}
