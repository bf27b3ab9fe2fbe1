import type { DType, TypedArray } from '../../backend/types.js';

/** Typed-array stores convert floats to int32 by truncation; bool needs its own `≠ 0`. */
export function castKernel(x: TypedArray, dtype: DType, out: TypedArray): void {
  if (dtype === 'bool') {
    for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32') {
    // NaN and ±Infinity become 0, as a typed-array store does; finite values truncate.
    for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  } else {
    out.set(x);
  }
}
