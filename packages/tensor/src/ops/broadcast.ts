/** Broadcasting a tensor up to a shape, and summing a gradient back down to one. */
import type { Shape } from '../backend/types.js';
import { tidy } from '../engine/memory.js';
import { ShapeError } from '../errors.js';
import { broadcastShapes, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add } from './arithmetic.js';
import { zeros } from './creation.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';

/** `x` repeated along dims of size 1 (and new leading dims) to `shape`. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  if (!shapesEqual(broadcastShapes('broadcastTo', x.shape, shape), shape)) {
    throw new ShapeError('broadcastTo', [x.shape, shape], 'the first shape does not broadcast to the second');
  }
  return tidy(() => add(x, zeros(shape, { dtype: x.dtype, backend: x.backend })));
}

/** The adjoint of broadcasting: sums `dy` over the dims that broadcasting added or stretched. */
export function unbroadcast(dy: Tensor, shape: Shape): Tensor {
  if (shapesEqual(dy.shape, shape)) return dy;
  return tidy(() => {
    const lead = dy.rank - shape.length;
    const axes: number[] = [];
    for (let i = 0; i < dy.rank; i++) if (i < lead || (shape[i - lead] === 1 && dy.shape[i] !== 1)) axes.push(i);
    return reshape(axes.length > 0 ? sum(dy, axes) : dy, shape);
  });
}
