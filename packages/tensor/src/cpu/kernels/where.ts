import type { Shape, TypedArray } from '../../backend/types.js';
import { broadcastStrides } from '../../shape.js';
import { forEachRow } from '../strided.js';

export function whereKernel(cond: Uint8Array, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  const strides = [condShape, aShape, bShape].map((s) => broadcastStrides(s, outShape));
  forEachRow(outShape, strides, (offsets, n, steps, o) => {
    let ci = offsets[0]!;
    let ai = offsets[1]!;
    let bi = offsets[2]!;
    const [cs, as, bs] = steps as [number, number, number];
    for (let i = 0; i < n; i++, ci += cs, ai += as, bi += bs) out[o + i] = cond[ci] !== 0 ? a[ai]! : b[bi]!;
  });
}
