/** softmax, logSoftmax and clip. */
import { tidy } from '../engine/memory.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { sub } from './arithmetic.js';
import { greater, less, where } from './compare.js';
import { logSumExp } from './reduce.js';
import { exp } from './unary.js';

/** `log(softmax(x))` along `axis`, computed as `x − logSumExp(x)` (stable). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return tidy(() => sub(x, logSumExp(x, axis, { keepDims: true })));
}

/** `exp(x) / sum(exp(x))` along `axis` (default: the last). */
export function softmax(x: Tensor, axis = -1): Tensor {
  return tidy(() => exp(logSoftmax(x, axis)));
}

/**
 * Limits values to `[min, max]`. The gradient passes where `min ≤ x ≤ max`, boundaries
 * included, as PyTorch's `clamp`.
 */
export function clip(x: Tensor, min: number, max: number): Tensor {
  if (min > max) throw new ArgumentError('clip', 'min', `${min} is greater than max ${max}`);
  return tidy(() => where(less(x, min), min, where(greater(x, max), max, x)));
}
