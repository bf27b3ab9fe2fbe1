import type { Shape, TypedArray } from '../../backend/types.js';
import { stridesOf } from '../../shape.js';
import { forEachRow } from '../strided.js';

/** Reads `x` with negative strides on the reversed axes, starting from their last element. */
export function reverseKernel(x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void {
  const strides = stridesOf(shape);
  const start = axes.reduce((o, a) => o + (shape[a]! - 1) * strides[a]!, 0);
  const signed = strides.map((s, i) => (axes.includes(i) ? -s : s));
  forEachRow(shape, [signed], (offsets, n, steps, o) => {
    for (let i = 0, xi = start + offsets[0]!, s = steps[0]!; i < n; i++, xi += s) out[o + i] = x[xi]!;
  });
}
