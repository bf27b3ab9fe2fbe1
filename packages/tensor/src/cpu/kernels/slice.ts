import type { Shape, TypedArray } from '../../backend/types.js';
import { stridesOf } from '../../shape.js';
import { forEachRow } from '../strided.js';

export function sliceKernel(x: TypedArray, shape: Shape, begin: readonly number[], size: readonly number[], out: TypedArray): void {
  const strides = stridesOf(shape);
  const start = begin.reduce((o, b, i) => o + b * strides[i]!, 0);
  forEachRow(size, [strides], (offsets, n, steps, o) => {
    const from = start + offsets[0]!;
    if (steps[0] === 1) out.set(x.subarray(from, from + n), o);
    else for (let i = 0, xi = from; i < n; i++, xi += steps[0]!) out[o + i] = x[xi]!;
  });
}
