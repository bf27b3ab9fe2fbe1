/** Reductions and their VJPs. */
import type { ArgReduceOp, ReduceOp, Shape } from '../backend/types.js';
import { div, mul } from '../ops/arithmetic.js';
import { broadcastTo } from '../ops/broadcast.js';
import { cast } from '../ops/cast.js';
import { equal } from '../ops/compare.js';
import { reshape } from '../ops/reshape.js';
import { sum } from '../ops/reduce.js';
import { primitive } from './primitive.js';

/** The input shape with reduced axes set to 1, so a gradient can broadcast back. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

export const reducePrimitive = primitive<{ op: ReduceOp; axes: readonly number[]; keepDims: boolean }>({
  name: 'reduce',
  // Kept size-1 dims are metadata only: the backend's dense output serves both shapes.
  forward: (backend, [x], { op, axes, keepDims }) => [
    {
      handle: backend.reduce(op, x!, axes),
      shape: keepDims ? keptShape(x!.shape, axes) : x!.shape.filter((_, i) => !axes.includes(i)),
      dtype: x!.dtype,
    },
  ],
  saves: ({ op }) => (op === 'sum' ? {} : { inputs: [0], outputs: [0] }),
  vjp: ({ attrs, inputs, outputs, dys, inputShapes }) => {
    const shape = inputShapes[0]!;
    const dy = reshape(dys[0]!, keptShape(shape, attrs.axes));
    if (attrs.op === 'sum') return [broadcastTo(dy, shape)];
    // max/min: the gradient is shared evenly among the elements equal to the extreme (PyTorch amax).
    const x = inputs[0]!;
    const mask = cast(equal(x, reshape(outputs[0]!, dy.shape)), x.dtype);
    const count = sum(mask, attrs.axes, { keepDims: true });
    return [mul(mask, div(dy, count))];
  },
});

export const argReducePrimitive = primitive<{ op: ArgReduceOp; axis: number }>({
  name: 'argReduce',
  forward: (backend, [x], { op, axis }) => [
    { handle: backend.argReduce(op, x!, axis), shape: x!.shape.filter((_, i) => i !== axis), dtype: 'int32' },
  ],
});
