/** Reductions over axes: sum, mean, max, min, argmax, argmin, logSumExp. */
import type { ArgReduceOp, ReduceOp } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { tidy } from '../engine/memory.js';
import { ArgumentError } from '../errors.js';
import { argReducePrimitive, reducePrimitive } from '../primitives/reduce.js';
import { normalizeAxes, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { isFloat } from './dtype.js';
import { flatten, reshape } from './reshape.js';
import { stopGradient } from './stop-gradient.js';
import { exp, log } from './unary.js';

export interface ReduceOptions {
  /** Keep reduced axes as size-1 dims (default false). */
  readonly keepDims?: boolean;
}

/** `axes`: one axis, several, or all when omitted. */
export type Axes = number | readonly number[] | undefined;

function reduce(op: ReduceOp, x: Tensor, axes: Axes, { keepDims = false }: ReduceOptions): Tensor {
  const list = normalizeAxes(op, axes, x.rank);
  if (op !== 'sum' && list.some((a) => x.shape[a] === 0)) {
    throw new ArgumentError(op, 'axes', `reduce over an empty axis of [${x.shape.join(', ')}] has no ${op}`);
  }
  // bool sums count (int32); the cast is a temporary that `sum`'s tidy frees.
  const input = op === 'sum' && x.dtype === 'bool' ? cast(x, 'int32') : x;
  if (list.length === 0) return input;
  return apply1(reducePrimitive, [input], { op, axes: list, keepDims });
}

/** Sum over `axes` (all by default). bool sums count as int32. */
export function sum(x: Tensor, axes?: Axes, options: ReduceOptions = {}): Tensor {
  return x.dtype === 'bool' ? tidy(() => reduce('sum', x, axes, options)) : reduce('sum', x, axes, options);
}

/** Mean over `axes`; integer input gives float32. */
export function mean(x: Tensor, axes?: Axes, options: ReduceOptions = {}): Tensor {
  const list = normalizeAxes('mean', axes, x.rank);
  const count = list.reduce((n, a) => n * x.shape[a]!, 1);
  return tidy(() => div(sum(isFloat(x.dtype) ? x : cast(x, 'float32'), list, options), count));
}

export function max(x: Tensor, axes?: Axes, options: ReduceOptions = {}): Tensor {
  return reduce('max', x, axes, options);
}

export function min(x: Tensor, axes?: Axes, options: ReduceOptions = {}): Tensor {
  return reduce('min', x, axes, options);
}

function argReduce(op: ArgReduceOp, x: Tensor, axis: number | undefined): Tensor {
  if (axis === undefined) return tidy(() => argReduce(op, flatten(x), 0));
  const a = normalizeAxis(op, axis, x.rank);
  if (x.shape[a] === 0) throw new ArgumentError(op, 'axis', `${a} of [${x.shape.join(', ')}] is empty`);
  return apply1(argReducePrimitive, [x], { op, axis: a });
}

/** Index (int32) of the largest element along `axis` (of the flattened tensor when omitted). */
export const argmax = (x: Tensor, axis?: number): Tensor => argReduce('argmax', x, axis);
export const argmin = (x: Tensor, axis?: number): Tensor => argReduce('argmin', x, axis);

/**
 * `log(sum(exp(x)))` over `axes`, computed as `m + log(sum(exp(x − m)))` with `m` the maximum,
 * so it never overflows. `m` is a constant for autograd: the exact gradient does not depend on it.
 */
export function logSumExp(x: Tensor, axes?: Axes, options: ReduceOptions = {}): Tensor {
  const list = normalizeAxes('logSumExp', axes, x.rank);
  return tidy(() => {
    const m = stopGradient(max(x, list, { keepDims: true }));
    const lse = add(log(sum(exp(sub(x, m)), list, { keepDims: true })), m);
    return options.keepDims === true ? lse : reshape(lse, x.shape.filter((_, i) => !list.includes(i)));
  });
}
