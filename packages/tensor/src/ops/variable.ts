import { Tensor, Variable } from '../tensor.js';
import { fromArray, type CreationOptions } from './creation.js';
import type { NestedArray } from '../tensor.js';

let unnamed = 0;

/**
 * A trainable (by default) variable starting at `initial`'s value. It shares `initial`'s
 * storage (tensors are immutable, and `assign` swaps storage rather than writing into it), so
 * `initial` may be disposed at once; create it inside `tidy` when it is a temporary.
 *
 * @example
 * const w = tidy(() => variable(uniform([4, 3], { generator: new Generator(0) }), { name: 'weight' }));
 */
export function variable(
  initial: Tensor | NestedArray,
  options: CreationOptions & { readonly name?: string; readonly trainable?: boolean } = {},
): Variable {
  const value = initial instanceof Tensor ? initial : fromArray(initial, options);
  const v = new Variable(value, options.name ?? `variable_${unnamed++}`, options.trainable ?? true);
  if (value !== initial) value.dispose();
  return v;
}
