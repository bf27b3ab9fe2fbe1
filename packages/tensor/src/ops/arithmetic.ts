/** Broadcasting arithmetic: add, sub, mul, div, pow, maximum, minimum. */
import type { BinaryOp, DType } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { binaryPrimitive } from '../primitives/elementwise.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isFloat } from './dtype.js';
import { resultType, withOperands, type Operand } from './operands.js';

function arithmeticType(op: BinaryOp, operands: readonly Operand[]): DType {
  const dtype = resultType(op, operands);
  if (op === 'div' && !isFloat(dtype)) return 'float32'; // true division, as PyTorch
  return dtype === 'bool' ? 'int32' : dtype;
}

function binary(op: BinaryOp, a: Operand, b: Operand): Tensor {
  const dtype = arithmeticType(op, [a, b]);
  return withOperands([a, b], dtype, ([x, y]) =>
    apply1(binaryPrimitive, [x!, y!], { op, outShape: broadcastShapes(op, x!.shape, y!.shape) }),
  );
}

/** `a + b`, broadcasting. Numbers are allowed on either side. */
export const add = (a: Operand, b: Operand): Tensor => binary('add', a, b);
/** `a − b`, broadcasting. */
export const sub = (a: Operand, b: Operand): Tensor => binary('sub', a, b);
/** `a · b` elementwise, broadcasting. */
export const mul = (a: Operand, b: Operand): Tensor => binary('mul', a, b);
/** `a / b`, broadcasting; integer inputs give float32 (true division). */
export const div = (a: Operand, b: Operand): Tensor => binary('div', a, b);
/** `a ** b`, broadcasting. */
export const pow = (a: Operand, b: Operand): Tensor => binary('pow', a, b);
/** Elementwise maximum; on ties the gradient is split evenly, as PyTorch. */
export const maximum = (a: Operand, b: Operand): Tensor => binary('maximum', a, b);
/** Elementwise minimum. */
export const minimum = (a: Operand, b: Operand): Tensor => binary('minimum', a, b);
