/** `where`: `cond ? a : b` with all three broadcast to the output shape (any value dtype). */
import type { Shape, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { mapElements, type ElementFormula } from './map.js';

const choose: ElementFormula = { key: 'select', uses: [], expression: ([cond, a, b]) => `select(${b}, ${a}, ${cond} != 0u)` };

export function where(ctx: GpuContext, cond: TensorSpec, a: TensorSpec, b: TensorSpec, outShape: Shape): GpuTensor {
  return mapElements(ctx, 'where', choose, [cond, a, b], outShape, a.dtype);
}
