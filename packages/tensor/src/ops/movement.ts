/** Moving elements: permute, transpose, slice, concat, stack, split, unstack, reverse, pad. */
import { apply1 } from '../engine/apply.js';
import { tidy } from '../engine/memory.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { concatPrimitive, permutePrimitive, reversePrimitive, slicePrimitive } from '../primitives/movement.js';
import { normalizeAxes, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { full } from './creation.js';
import { expandDims, reshape } from './reshape.js';

/** Reorders dims: `out.shape[i] = x.shape[perm[i]]` (PyTorch `permute`). */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const axes = perm.map((p) => normalizeAxis('permute', p, x.rank));
  if (axes.length !== x.rank || new Set(axes).size !== x.rank) {
    throw new ArgumentError('permute', 'perm', `[${perm.join(', ')}] is not a permutation of ${x.rank} dims`);
  }
  if (axes.every((p, i) => p === i)) return x;
  return apply1(permutePrimitive, [x], { perm: axes });
}

/** Swaps two dims (default: the last two, a batched matrix transpose). */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  const a = normalizeAxis('transpose', dim0, x.rank);
  const b = normalizeAxis('transpose', dim1, x.rank);
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, perm);
}

/**
 * The box starting at `begin` with extent `size` on each axis. Missing trailing axes are taken
 * whole; a negative `begin` counts from the end; a `size` of −1 runs to the end.
 *
 * @example slice(x, [0, 2], [-1, 3]) // x[:, 2:5]
 */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[] = []): Tensor {
  if (begin.length > x.rank || size.length > x.rank) {
    throw new ArgumentError('slice', 'begin', `has ${begin.length} entries for a tensor of rank ${x.rank}`);
  }
  const b = x.shape.map((d, i) => {
    const v = begin[i] ?? 0;
    const start = v < 0 ? v + d : v;
    if (!Number.isInteger(v) || start < 0 || start > d) {
      throw new ArgumentError('slice', 'begin', `[${begin.join(', ')}] is out of range on axis ${i} of [${x.shape.join(', ')}]`);
    }
    return start;
  });
  const s = x.shape.map((d, i) => {
    const v = size[i] ?? -1;
    const extent = v === -1 ? d - b[i]! : v;
    if (!Number.isInteger(extent) || extent < 0 || b[i]! + extent > d) {
      throw new ArgumentError('slice', 'size', `[${size.join(', ')}] reaches past axis ${i} of [${x.shape.join(', ')}] from ${b[i]}`);
    }
    return extent;
  });
  if (s.every((d, i) => d === x.shape[i])) return x;
  return apply1(slicePrimitive, [x], { begin: b, size: s });
}

/** Joins tensors along an existing axis. All other dims and the dtype must match. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  const first = xs[0];
  if (first === undefined) throw new ArgumentError('concat', 'xs', 'must hold at least one tensor');
  const a = normalizeAxis('concat', axis, first.rank);
  for (const x of xs) {
    if (x.dtype !== first.dtype) throw new DTypeError('concat', xs.map((t) => t.dtype), 'all tensors must share a dtype');
    if (x.rank !== first.rank || x.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError('concat', xs.map((t) => t.shape), `all dims except axis ${a} must match`);
    }
  }
  if (xs.length === 1) return first;
  return apply1(concatPrimitive, xs, { axis: a });
}

/** Joins same-shape tensors along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  const first = xs[0];
  if (first === undefined) throw new ArgumentError('stack', 'xs', 'must hold at least one tensor');
  const a = normalizeAxis('stack', axis, first.rank + 1);
  for (const x of xs) {
    if (x.rank !== first.rank || x.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError('stack', xs.map((t) => t.shape), 'all tensors must have the same shape');
    }
  }
  return tidy(() => concat(xs.map((x) => expandDims(x, a)), a));
}

/** Splits along `axis` into `sections` equal parts, or into parts of the given sizes. */
export function split(x: Tensor, sections: number | readonly number[], axis = 0): Tensor[] {
  const a = normalizeAxis('split', axis, x.rank);
  const d = x.shape[a]!;
  const sizes = typeof sections === 'number' ? new Array<number>(sections).fill(d / sections) : sections;
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((n, s) => n + s, 0) !== d) {
    throw new ArgumentError('split', 'sections', `${JSON.stringify(sections)} does not divide axis ${a} of size ${d}`);
  }
  let offset = 0;
  return sizes.map((s) => {
    const begin = x.shape.map((_, i) => (i === a ? offset : 0));
    offset += s;
    return slice(x, begin, x.shape.map((dim, i) => (i === a ? s : dim)));
  });
}

/** The slices along `axis`, each with that axis removed. */
export function unstack(x: Tensor, axis = 0): Tensor[] {
  const a = normalizeAxis('unstack', axis, x.rank);
  const shape = x.shape.filter((_, i) => i !== a);
  return tidy(() => split(x, x.shape[a]!, a).map((part) => reshape(part, shape)));
}

/** Reverses the order of elements along `axes` (PyTorch `flip`). */
export function reverse(x: Tensor, axes: number | readonly number[]): Tensor {
  const list = normalizeAxes('reverse', axes, x.rank);
  if (list.length === 0 || x.size === 0) return x;
  return apply1(reversePrimitive, [x], { axes: list });
}

/** Pads with a constant: `paddings[i] = [before, after]` for axis i (missing axes: none). */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  if (paddings.length > x.rank) throw new ArgumentError('pad', 'paddings', `has ${paddings.length} entries for rank ${x.rank}`);
  for (const [before, after] of paddings) {
    if (![before, after].every((p) => Number.isInteger(p) && p >= 0)) {
      throw new ArgumentError('pad', 'paddings', `${JSON.stringify(paddings)} must hold non-negative integers`);
    }
  }
  return tidy(() => {
    let out = x;
    paddings.forEach(([before, after], axis) => {
      const parts: Tensor[] = [];
      const block = (n: number): Tensor =>
        full(out.shape.map((d, i) => (i === axis ? n : d)), value, { dtype: x.dtype, backend: x.backend });
      if (before > 0) parts.push(block(before));
      parts.push(out);
      if (after > 0) parts.push(block(after));
      out = concat(parts, axis);
    });
    return out;
  });
}
