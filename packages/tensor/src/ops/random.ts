/** Seeded random tensors from an explicit {@link Generator}. */
import type { Backend, DType, Shape } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { randomPrimitive } from '../primitives/creation.js';
import type { Generator } from '../random/generator.js';
import { assertValidShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isFloat } from './dtype.js';

interface RandomOptions {
  readonly generator: Generator;
  readonly dtype?: DType;
  readonly backend?: Backend;
}

function random(op: string, shape: Shape, distribution: 'uniform' | 'normal' | 'bernoulli', a: number, b: number, options: RandomOptions): Tensor {
  assertValidShape(op, shape);
  const dtype = options.dtype ?? 'float32';
  if (distribution !== 'bernoulli' && !isFloat(dtype)) throw new DTypeError(op, [dtype], 'needs a float dtype');
  const spec = options.generator.next(distribution, sizeOf(shape), a, b);
  return apply1(randomPrimitive, [], { spec, shape, dtype }, options.backend);
}

/** Uniform on `[low, high)` (default [0, 1)). */
export function uniform(shape: Shape, options: RandomOptions & { readonly low?: number; readonly high?: number }): Tensor {
  const { low = 0, high = 1 } = options;
  if (!(low <= high)) throw new ArgumentError('uniform', 'low', `${low} must not exceed high ${high}`);
  return random('uniform', shape, 'uniform', low, high, options);
}

/** Normal with `mean` and `std` (default 0 and 1), by the Box–Muller transform. */
export function normal(shape: Shape, options: RandomOptions & { readonly mean?: number; readonly std?: number }): Tensor {
  const { mean = 0, std = 1 } = options;
  if (!(std >= 0)) throw new ArgumentError('normal', 'std', `must be non-negative, got ${std}`);
  return random('normal', shape, 'normal', mean, std, options);
}

/** 1 with probability `p`, else 0 (default dtype float32, any dtype allowed: a dropout mask). */
export function bernoulli(shape: Shape, p: number, options: RandomOptions): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ArgumentError('bernoulli', 'p', `must be in [0, 1], got ${p}`);
  return random('bernoulli', shape, 'bernoulli', p, 0, options);
}
