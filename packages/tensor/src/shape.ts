/** Shape arithmetic shared by the core and the cpu kernels. */
import type { Shape } from './backend/types.js';
import { ArgumentError, ShapeError } from './errors.js';

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Numpy broadcasting: align right, each pair of dims equal or one of them 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const shape of shapes) {
    const offset = rank - shape.length;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      const o = out[offset + i]!;
      if (d === o || d === 1) continue;
      if (o === 1) out[offset + i] = d;
      else throw new ShapeError(op, shapes, `cannot broadcast dim ${d} against ${o}`);
    }
  }
  return out;
}

/** Strides for reading `shape` as if broadcast to `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[offset + i] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

/** Resolves a possibly negative axis against `rank`. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ArgumentError(op, 'axis', `${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sorted unique axes; `undefined` means all axes. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normalizeAxis(op, a, rank)))].sort((a, b) => a - b);
  if (out.length !== list.length) throw new ArgumentError(op, 'axes', `[${list.join(', ')}] repeats an axis`);
  return out;
}

export function assertValidShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ArgumentError(op, 'shape', `[${shape.join(', ')}] must hold non-negative integers`);
    }
  }
}
