/** Indexing by integer tensors: gather, its adjoint scatterAdd, and oneHot. */
import type { DType, Shape } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { tidy } from '../engine/memory.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { gatherPrimitive, scatterAddPrimitive } from '../primitives/movement.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { arange } from './creation.js';
import { cast } from './cast.js';
import { equal } from './compare.js';
import { expandDims } from './reshape.js';

/** Checks dtype, and every index against `[0, size)` where the backend can read synchronously. */
function checkIndices(op: string, indices: Tensor, size: number): void {
  if (indices.dtype !== 'int32') throw new DTypeError(op, [indices.dtype], 'indices must be int32');
  if (!indices.backend.caps.syncRead) return;
  const data = indices.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >= size) throw new ArgumentError(op, 'indices', `value ${v} at flat index ${i} is out of range [0, ${size})`);
  }
}

/**
 * Picks slices along `axis`: `out[..., j..., ...] = x[..., indices[j...], ...]`. The dims of
 * `indices` replace `axis` (tf.gather / PyTorch index_select for 1-D indices; an embedding
 * lookup is `gather(table, tokenIds)`).
 */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  const a = normalizeAxis('gather', axis, x.rank);
  checkIndices('gather', indices, x.shape[a]!);
  return apply1(gatherPrimitive, [x, indices], { axis: a });
}

/**
 * The adjoint of `gather`: a zero tensor of `shape` with `updates` added at `indices` along
 * `axis`; repeated indices accumulate.
 */
export function scatterAdd(indices: Tensor, updates: Tensor, axis: number, shape: Shape): Tensor {
  const a = normalizeAxis('scatterAdd', axis, shape.length);
  checkIndices('scatterAdd', indices, shape[a]!);
  const expected = [...shape.slice(0, a), ...indices.shape, ...shape.slice(a + 1)];
  if (expected.length !== updates.rank || expected.some((d, i) => d !== updates.shape[i])) {
    throw new ShapeError('scatterAdd', [updates.shape, expected], 'updates must have the shape gather would return');
  }
  return apply1(scatterAddPrimitive, [indices, updates], { axis: a, outShape: shape });
}

/** `out[..., k] = indices[...] == k` for k < depth, as float32 (or `dtype`). */
export function oneHot(indices: Tensor, depth: number, { dtype = 'float32' }: { readonly dtype?: DType } = {}): Tensor {
  if (indices.dtype !== 'int32') throw new DTypeError('oneHot', [indices.dtype], 'indices must be int32');
  return tidy(() => cast(equal(expandDims(indices, -1), arange(0, depth, 1, { backend: indices.backend })), dtype));
}
