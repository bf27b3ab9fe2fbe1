/**
 * `reduce`: sum/max/min over any set of axes, read in place through strides. A long reduced
 * range is split into chunks whose partials are reduced again, so every output gets a
 * workgroup-wide tree (or many in parallel) and float32 sums stay close to pairwise: each level
 * adds at most 16 (tree) or 256 (loop) terms in sequence, then combines by halves or another level.
 */
import type { DType, ReduceOp, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { stridesOf } from '@rnn/tensor/kernels';
import { collapseDims, sizeOf } from '../movement/dims.js';
import { reduceFold, type Fold } from './folds.js';
import { chunkSize, passShape, runPass, viewLength, viewOutputs, type ReductionView } from './pass.js';

/** A dense [rows, length] matrix reduced along its rows. */
const rowsView = (rows: number, length: number): ReductionView => ({
  offset: 0,
  kept: collapseDims([rows], [[length]]),
  reduced: collapseDims([length], [[1]]),
});

function reduceView(ctx: GpuContext, fold: Fold, dtype: DType, x: GpuTensor, view: ReductionView, out: GpuTensor): void {
  const shape = passShape(view);
  const chunk = chunkSize(shape);
  const chunks = Math.ceil(viewLength(view) / chunk);
  if (chunks === 1) {
    runPass(ctx, 'reduce', fold, view, shape, chunk, x, out);
    return;
  }
  const outputs = viewOutputs(view);
  const partials = ctx.allocate('reduce', dtype, outputs * chunks);
  runPass(ctx, 'reduce', fold, view, shape, chunk, x, partials);
  reduceView(ctx, fold, dtype, partials, rowsView(outputs, chunks), out);
  ctx.release(partials);
}

export function reduce(ctx: GpuContext, op: ReduceOp, x: TensorSpec, axes: readonly number[]): GpuTensor {
  const strides = stridesOf(x.shape);
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const dims = (list: readonly number[]): number[] => list.map((a) => x.shape[a]!);
  const out = ctx.allocate('reduce', x.dtype, sizeOf(dims(kept)));
  if (out.length === 0) return out;
  if (sizeOf(dims(axes)) === 0) {
    // Only sums reach here (the core rejects max/min over nothing): the empty sum is 0.
    ctx.stream.clear(out.buffer, 0, out.bytes);
    return out;
  }
  const view: ReductionView = {
    offset: 0,
    kept: collapseDims(dims(kept), [kept.map((a) => strides[a]!)]),
    reduced: collapseDims(dims(axes), [axes.map((a) => strides[a]!)]),
  };
  reduceView(ctx, reduceFold(op, x.dtype), x.dtype, ctx.tensor(x), view, out);
  return out;
}
