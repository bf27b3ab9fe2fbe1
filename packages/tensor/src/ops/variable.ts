import { Tensor, Variable } from '../tensor.js';
import { fromArray, type CreationOptions } from './creation.js';
import type { NestedArray } from '../tensor.js';

let unnamed = 0;

/**
 * A trainable (by default) variable holding a copy of `initial`.
 *
 * @example
 * const w = variable(uniform([4, 3], { generator: new Generator(0) }), { name: 'weight' });
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
