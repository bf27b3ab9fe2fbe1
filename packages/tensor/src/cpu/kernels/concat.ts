import type { Shape, TypedArray } from '../../backend/types.js';
import { sizeOf } from '../../shape.js';

/** Interleaves contiguous blocks: each input contributes `shape[axis]·inner` elements per outer index. */
export function concatKernel(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number, out: TypedArray): void {
  const outer = sizeOf(shapes[0]!.slice(0, axis));
  const blocks = shapes.map((s) => sizeOf(s.slice(axis)));
  let o = 0;
  for (let p = 0; p < outer; p++) {
    xs.forEach((x, k) => {
      const n = blocks[k]!;
      out.set(x.subarray(p * n, p * n + n), o);
      o += n;
    });
  }
}
