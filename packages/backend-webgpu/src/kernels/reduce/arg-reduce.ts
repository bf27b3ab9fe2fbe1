/**
 * `argReduce`: the index of the first extreme along one axis, as int32. One pass: `x` viewed as
 * [outer, n, inner] reduced over n, a workgroup tree per output when n is long and contiguous.
 */
import type { ArgReduceOp, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { collapseDims, sizeOf } from '../movement/dims.js';
import { argReduceFold } from './folds.js';
import { passShape, runPass, type ReductionView } from './pass.js';

export function argReduce(ctx: GpuContext, op: ArgReduceOp, x: TensorSpec, axis: number): GpuTensor {
  const n = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  const out = ctx.allocate('argReduce', 'int32', outer * inner);
  if (out.length === 0) return out;
  const view: ReductionView = {
    offset: 0,
    kept: collapseDims([outer, inner], [[n * inner, 1]]),
    reduced: collapseDims([n], [[inner]]),
  };
  runPass(ctx, 'argReduce', argReduceFold(op, x.dtype), view, passShape(view), n, ctx.tensor(x), out);
  return out;
}
