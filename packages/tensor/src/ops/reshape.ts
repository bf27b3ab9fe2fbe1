/** Shape-only changes: they share storage and cost no copy. */
import type { Shape } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { reshapePrimitive } from '../primitives/movement.js';
import { normalizeAxes, normalizeAxis, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Same elements, new shape (one dim may be −1: inferred). Shares storage with `x`. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const inferred = shape.indexOf(-1);
  let target = [...shape];
  if (inferred >= 0) {
    if (shape.indexOf(-1, inferred + 1) >= 0) throw new ArgumentError('reshape', 'shape', `[${shape.join(', ')}] has more than one −1`);
    const known = sizeOf(shape.filter((_, i) => i !== inferred));
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError('reshape', [x.shape, shape], `cannot infer the −1 dim for ${x.size} elements`);
    }
    target = shape.map((d, i) => (i === inferred ? x.size / known : d));
  }
  if (target.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(target) !== x.size) {
    throw new ShapeError('reshape', [x.shape, shape], `cannot view ${x.size} elements as this shape`);
  }
  if (shapesEqual(target, x.shape)) return x;
  return apply1(reshapePrimitive, [x], { shape: target });
}

/** Inserts a dim of size 1 at `axis` (PyTorch `unsqueeze`). */
export function expandDims(x: Tensor, axis = 0): Tensor {
  const a = normalizeAxis('expandDims', axis, x.rank + 1);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Removes dims of size 1 (all of them, or those in `axes`). */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  const list = axes === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axes, x.rank);
  for (const a of list) {
    if (x.shape[a] !== 1) throw new ShapeError('squeeze', [x.shape], `axis ${a} has size ${x.shape[a]}, not 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !list.includes(i)));
}

/** A rank-1 view of all elements. */
export const flatten = (x: Tensor): Tensor => reshape(x, [x.size]);
