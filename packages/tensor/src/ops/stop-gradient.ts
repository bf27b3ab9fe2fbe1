import { apply1 } from '../engine/apply.js';
import { stopGradientPrimitive } from '../primitives/movement.js';
import type { Tensor } from '../tensor.js';

/** The same values, treated as a constant by autograd (shares storage with `x`). */
export function stopGradient(x: Tensor): Tensor {
  return apply1(stopGradientPrimitive, [x], null);
}
