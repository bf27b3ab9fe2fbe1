/** Shape arithmetic shared by the movement and reduction kernels. */
import type { Shape } from '@rnn/tensor/backend';

export const sizeOf = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);

/** A walk over `shape` read through one or more stride lists (element strides, may be negative). */
export interface StridedLayout {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbours that every stride list walks as one run, so kernels
 * divide by as few dims as possible (a transpose of a matrix stays rank 2 whatever its batch
 * dims; a contiguous box becomes rank 1, which a buffer copy can take).
 */
export function collapseDims(shape: Shape, strides: readonly (readonly number[])[]): StridedLayout {
  const out: StridedLayout = { shape: [], strides: strides.map(() => []) };
  shape.forEach((d, i) => {
    if (d === 1) return;
    const last = out.shape.length - 1;
    if (last >= 0 && strides.every((s, k) => out.strides[k]![last] === s[i]! * d)) {
      out.shape[last]! *= d;
      out.strides.forEach((s, k) => (s[last] = strides[k]![i]!));
    } else {
      out.shape.push(d);
      out.strides.forEach((s, k) => s.push(strides[k]![i]!));
    }
  });
  return out;
}
