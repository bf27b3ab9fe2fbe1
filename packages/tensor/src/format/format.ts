/**
 * Printing like PyTorch: `tensor([[1.0000, 2.5000], [3.0000, 4.0000]])`, one common width per
 * tensor, integers-valued floats as `1.`, scientific notation when magnitudes span too much,
 * and `...` summaries past 1000 elements (3 items at each end of every dim).
 */
import type { DType, Shape, TypedArray } from '../backend/types.js';

const SUMMARIZE_OVER = 1000;
const EDGE_ITEMS = 3;
const PREFIX = 'tensor(';

/** PyTorch's _Formatter: picks one notation for all elements of the tensor. */
function elementFormatter(values: number[], dtype: DType): (v: number) => string {
  if (dtype === 'bool') return (v) => (v !== 0 ? 'True' : 'False');
  if (dtype === 'int32') return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v));
  const special = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  if (finite.every((v) => Number.isInteger(v))) {
    const maxAbs = Math.max(0, ...finite.map(Math.abs));
    if (maxAbs > 1e8) return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
    return (v) => special(v) ?? `${v.toFixed(0)}.`;
  }
  const nonZero = finite.map(Math.abs).filter((v) => v !== 0);
  const max = Math.max(...nonZero);
  const min = Math.min(...nonZero);
  if (max / min > 1000 || max > 1e8 || min < 1e-4) {
    return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return (v) => special(v) ?? v.toFixed(4);
}

/** Indices kept along a dim: all, or the first and last EDGE_ITEMS with a gap (-1). */
function keptIndices(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, -1, n - 3, n - 2, n - 1];
}

export function formatTensor(data: TypedArray, shape: Shape, dtype: DType): string {
  const suffix = dtype === 'float32' ? '' : `, dtype=${dtype}`;
  const size = data.length;
  if (size === 0) return `${PREFIX}[]${shape.length > 1 ? `, size=(${shape.join(', ')})` : ''}${suffix})`;
  const summarize = size > SUMMARIZE_OVER;
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  // Format only the elements that will be printed, so the width is theirs alone.
  const shown: number[] = [];
  const collect = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      shown.push(data[offset]!);
      return;
    }
    for (const i of keptIndices(shape[axis]!, summarize)) if (i >= 0) collect(axis + 1, offset + i * strides[axis]!);
  };
  collect(0, 0);
  const fmt = elementFormatter(shown, dtype);
  const width = Math.max(...shown.map((v) => fmt(v).length));
  const cell = (v: number): string => fmt(v).padStart(width);

  const render = (axis: number, offset: number): string => {
    if (axis === shape.length) return cell(data[offset]!);
    const indent = ' '.repeat(PREFIX.length + axis + 1);
    const separator = axis === shape.length - 1 ? ', ' : `,${'\n'.repeat(shape.length - axis - 1)}${indent}`;
    const parts = keptIndices(shape[axis]!, summarize).map((i) => (i < 0 ? '...' : render(axis + 1, offset + i * strides[axis]!)));
    return `[${parts.join(separator)}]`;
  };
  return `${PREFIX}${render(0, 0)}${suffix})`;
}
