/** Comparisons (bool results), `where`, and logical ops on bool tensors. */
import type { CompareOp } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { tidy } from '../engine/memory.js';
import { DTypeError } from '../errors.js';
import { comparePrimitive, wherePrimitive } from '../primitives/elementwise.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { resultType, withOperands, type Operand } from './operands.js';

function compare(op: CompareOp, a: Operand, b: Operand): Tensor {
  const dtype = resultType(op, [a, b]);
  return withOperands([a, b], dtype, ([x, y]) =>
    apply1(comparePrimitive, [x!, y!], { op, outShape: broadcastShapes(op, x!.shape, y!.shape) }),
  );
}

export const equal = (a: Operand, b: Operand): Tensor => compare('equal', a, b);
export const notEqual = (a: Operand, b: Operand): Tensor => compare('notEqual', a, b);
export const less = (a: Operand, b: Operand): Tensor => compare('less', a, b);
export const lessEqual = (a: Operand, b: Operand): Tensor => compare('lessEqual', a, b);
export const greater = (a: Operand, b: Operand): Tensor => compare('greater', a, b);
export const greaterEqual = (a: Operand, b: Operand): Tensor => compare('greaterEqual', a, b);

/**
 * `cond ? a : b` elementwise, all three broadcasting together. `cond` is bool (other dtypes are
 * read as `≠ 0`); gradients flow to `a` where `cond` holds and to `b` elsewhere.
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const dtype = resultType('where', [a, b]);
  const run = (c: Tensor): Tensor =>
    withOperands([a, b], dtype, ([x, y]) =>
      apply1(wherePrimitive, [c, x!, y!], { outShape: broadcastShapes('where', c.shape, x!.shape, y!.shape) }),
    );
  return cond.dtype === 'bool' ? run(cond) : tidy(() => run(cast(cond, 'bool')));
}

function assertBool(op: string, ...xs: Tensor[]): void {
  for (const x of xs) if (x.dtype !== 'bool') throw new DTypeError(op, xs.map((t) => t.dtype), 'needs bool tensors');
}

export function logicalNot(x: Tensor): Tensor {
  assertBool('logicalNot', x);
  return equal(x, 0);
}

export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  assertBool('logicalAnd', a, b);
  return tidy(() => cast(where(a, b, 0), 'bool'));
}

export function logicalOr(a: Tensor, b: Tensor): Tensor {
  assertBool('logicalOr', a, b);
  return tidy(() => cast(where(a, 1, b), 'bool'));
}
