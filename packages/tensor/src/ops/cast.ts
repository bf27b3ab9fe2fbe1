import type { DType } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { castPrimitive } from '../primitives/elementwise.js';
import type { Tensor } from '../tensor.js';

/**
 * Converts to `dtype` (float→int truncates toward zero; →bool is `x !== 0`). Returns `x`
 * itself when it already has that dtype. Differentiable between float dtypes.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : apply1(castPrimitive, [x], { dtype });
}
