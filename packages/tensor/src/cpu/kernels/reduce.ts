import type { ArgReduceOp, ReduceOp, Shape, TypedArray } from '../../backend/types.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { collapseDims, forEachRow } from '../strided.js';

const initial: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };

/** Folds `n` elements of `x` from `start` with stride `step` into `acc`. NaN propagates for max/min. */
function foldRow(op: ReduceOp, acc: number, x: TypedArray, start: number, step: number, n: number): number {
  let i = start;
  switch (op) {
    case 'sum':
      for (let k = 0; k < n; k++, i += step) acc += x[i]!;
      return acc;
    case 'max':
      for (let k = 0; k < n; k++, i += step) { const v = x[i]!; if (v > acc || v !== v) acc = v; }
      return acc;
    case 'min':
      for (let k = 0; k < n; k++, i += step) { const v = x[i]!; if (v < acc || v !== v) acc = v; }
      return acc;
  }
}

/**
 * Reduces `x` over `axes` into the dense `out`. Each output element folds the reduced subspace,
 * walked by `forEachRow` over the reduced dims only (merged where contiguous), so reducing the
 * trailing axes is one contiguous fold per output and any other pattern stays strided.
 */
export function reduceKernel(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void {
  const strides = stridesOf(shape);
  const keptAxes = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const reduced = collapseDims(
    axes.map((a) => shape[a]!),
    [axes.map((a) => strides[a]!)],
  );
  const empty = axes.some((a) => shape[a] === 0);
  // The common case folds one strided run per output; only a reduced subspace that does not
  // merge into one run needs the general walk.
  const single = reduced.shape.length <= 1;
  const runLength = reduced.shape[0] ?? 1;
  const runStep = reduced.strides[0]![0] ?? 0;
  let o = 0;
  forEachRow(
    keptAxes.map((a) => shape[a]!),
    [keptAxes.map((a) => strides[a]!)],
    (offsets, n, steps) => {
      for (let j = 0, base = offsets[0]!; j < n; j++, base += steps[0]!) {
        let acc = initial[op];
        if (empty) {
          // nothing to fold: the identity of the reduction
        } else if (single) {
          acc = foldRow(op, acc, x, base, runStep, runLength);
        } else {
          forEachRow(reduced.shape, reduced.strides, (inner, m, innerSteps) => {
            acc = foldRow(op, acc, x, base + inner[0]!, innerSteps[0]!, m);
          });
        }
        out[o++] = acc;
      }
    },
  );
}

/** Index of the first extreme along `axis` (the first NaN wins, as PyTorch). */
export function argReduceKernel(op: ArgReduceOp, x: TypedArray, shape: Shape, axis: number, out: Int32Array): void {
  const n = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const better = op === 'argmax' ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
  for (let p = 0; p < outer; p++) {
    for (let q = 0; q < inner; q++) {
      const base = p * n * inner + q;
      let best = x[base]!;
      let index = 0;
      for (let k = 1; k < n && best === best; k++) {
        const v = x[base + k * inner]!;
        if (better(v, best) || v !== v) {
          best = v;
          index = k;
        }
      }
      out[p * inner + q] = index;
    }
  }
}
