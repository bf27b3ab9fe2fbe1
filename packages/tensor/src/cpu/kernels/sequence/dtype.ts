/** The dtypes the sequence kernels run in: they compute in float64 and store in the tensor's dtype. */
import { allocate } from '../../buffer.js';
import type { FloatArray } from '../matmul.js';

export type FloatDType = 'float32' | 'float64';

/** `values` stored in a new array of `dtype` (rounded to float32 where it is float32). */
export function copyAs(dtype: FloatDType, values: Float64Array): FloatArray {
  const out = allocate(dtype, values.length);
  out.set(values);
  return out;
}
