/** Turning mixed tensor/number operands into same-dtype tensors on one backend. */
import type { DType } from '../backend/types.js';
import { tidy } from '../engine/memory.js';
import { ArgumentError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { scalar } from './creation.js';
import { dtypeForNumber, promoteTypes } from './dtype.js';

export type Operand = Tensor | number;

/** The common dtype of the operands under PyTorch's promotion (numbers adapt to tensors). */
export function resultType(op: string, operands: readonly Operand[]): DType {
  let dtype: DType | null = null;
  for (const x of operands) if (x instanceof Tensor) dtype = dtype === null ? x.dtype : promoteTypes(dtype, x.dtype);
  if (dtype === null) throw new ArgumentError(op, 'operands', 'must include at least one tensor');
  for (const x of operands) if (!(x instanceof Tensor)) dtype = promoteTypes(dtype, dtypeForNumber(x, dtype));
  return dtype;
}

/** The operands as tensors of `dtype`: numbers become scalar tensors, others are cast. */
function asTensors(operands: readonly Operand[], dtype: DType): Tensor[] {
  const like = operands.find((x): x is Tensor => x instanceof Tensor)!;
  return operands.map((x) => (x instanceof Tensor ? cast(x, dtype) : scalar(x, { dtype, backend: like.backend })));
}

function allTensorsOf(operands: readonly Operand[], dtype: DType): operands is Tensor[] {
  return operands.every((x) => x instanceof Tensor && x.dtype === dtype);
}

/**
 * Runs `kernel` on the operands as tensors of `dtype`: directly when they already are (the
 * common, allocation-free case), else inside `tidy`, which frees the conversions.
 */
export function withOperands(operands: readonly Operand[], dtype: DType, kernel: (tensors: Tensor[]) => Tensor): Tensor {
  if (allTensorsOf(operands, dtype)) return kernel(operands);
  return tidy(() => kernel(asTensors(operands, dtype)));
}
