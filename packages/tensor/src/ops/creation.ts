/** Creating tensors from values: fromArray, scalar, zeros, ones, full, arange, eye, …Like. */
import type { Backend, DType, Shape, TypedArray } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { fillPrimitive, writePrimitive } from '../primitives/creation.js';
import { assertValidShape, sizeOf } from '../shape.js';
import type { NestedArray, Tensor } from '../tensor.js';

export interface CreationOptions {
  /** Default: float32 (or the typed array's dtype, or bool for booleans). */
  readonly dtype?: DType;
  /** Default: the current backend (`setBackend`). */
  readonly backend?: Backend;
}

function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  return 'float32';
}

/** Flattens nested arrays, checking that they are rectangular; returns values and shape. */
function flatten(values: NestedArray): { flat: number[]; shape: number[]; bool: boolean } {
  const shape: number[] = [];
  for (let v: NestedArray = values; Array.isArray(v); v = v[0] ?? 0) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const flat: number[] = [];
  let bool = false;
  const walk = (v: NestedArray, depth: number): void => {
    if (Array.isArray(v)) {
      if (depth >= shape.length || v.length !== shape[depth]) {
        throw new ArgumentError('fromArray', 'values', `is ragged: an array at depth ${depth} has length ${v.length}, expected ${shape[depth] ?? 'a number'}`);
      }
      for (const x of v) walk(x, depth + 1);
    } else {
      if (depth !== shape.length) throw new ArgumentError('fromArray', 'values', `is ragged: a number at depth ${depth}`);
      if (typeof v === 'boolean') bool = true;
      flat.push(Number(v));
    }
  };
  walk(values, 0);
  return { flat, shape, bool };
}

/**
 * A tensor from nested arrays, or from a flat typed/plain array plus `shape`.
 *
 * @example
 * const x = fromArray([[1, 2], [3, 4]]);                         // float32 [2, 2]
 * const y = fromArray(new Float64Array(6), { shape: [2, 3] });   // float64 zeros
 */
export function fromArray(
  values: NestedArray | TypedArray,
  options: CreationOptions & { readonly shape?: Shape } = {},
): Tensor {
  let flat: TypedArray | number[];
  let shape: Shape;
  let dtype: DType;
  if (ArrayBuffer.isView(values)) {
    flat = values;
    shape = options.shape ?? [values.length];
    dtype = options.dtype ?? dtypeOfArray(values);
  } else {
    const parsed = flatten(values);
    flat = parsed.flat;
    shape = options.shape ?? parsed.shape;
    dtype = options.dtype ?? (parsed.bool ? 'bool' : 'float32');
  }
  assertValidShape('fromArray', shape);
  if (sizeOf(shape) !== flat.length) {
    throw new ShapeError('fromArray', [shape], `shape holds ${sizeOf(shape)} elements but ${flat.length} values were given`);
  }
  return apply1(writePrimitive, [], { values: flat, shape, dtype }, options.backend);
}

/** A rank-0 tensor. */
export function scalar(value: number | boolean, options: CreationOptions = {}): Tensor {
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  return apply1(writePrimitive, [], { values: [Number(value)], shape: [], dtype }, options.backend);
}

export function full(shape: Shape, value: number, options: CreationOptions = {}): Tensor {
  assertValidShape('full', shape);
  return apply1(fillPrimitive, [], { shape, value, dtype: options.dtype ?? 'float32' }, options.backend);
}

export const zeros = (shape: Shape, options: CreationOptions = {}): Tensor => full(shape, 0, options);
export const ones = (shape: Shape, options: CreationOptions = {}): Tensor => full(shape, 1, options);

/** Same shape, dtype and backend as `like`, filled with `value`. */
export function fullLike(like: Tensor, value: number, options: { readonly dtype?: DType } = {}): Tensor {
  return full(like.shape, value, { dtype: options.dtype ?? like.dtype, backend: like.backend });
}

export const zerosLike = (like: Tensor, options: { readonly dtype?: DType } = {}): Tensor => fullLike(like, 0, options);
export const onesLike = (like: Tensor, options: { readonly dtype?: DType } = {}): Tensor => fullLike(like, 1, options);

/**
 * `[start, start + step, …)` up to (not including) `stop`; `arange(n)` is `0 … n-1`.
 * The dtype defaults to int32 when all arguments are integers, else float32 (as PyTorch).
 */
export function arange(start: number, stop?: number, step = 1, options: CreationOptions = {}): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError('arange', 'step', `must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = Array.from({ length: n }, (_, i) => start + i * step);
  const integral = [start, stop, step].every(Number.isInteger);
  return fromArray(values, { shape: [n], dtype: options.dtype ?? (integral ? 'int32' : 'float32'), backend: options.backend });
}

/** The identity matrix, `rows × (columns ?? rows)`. */
export function eye(rows: number, columns = rows, options: CreationOptions = {}): Tensor {
  assertValidShape('eye', [rows, columns]);
  const values = new Array<number>(rows * columns).fill(0);
  for (let i = 0; i < Math.min(rows, columns); i++) values[i * columns + i] = 1;
  return fromArray(values, { shape: [rows, columns], dtype: options.dtype ?? 'float32', backend: options.backend });
}
