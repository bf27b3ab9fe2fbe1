/** Primitives with no inputs: they make storage (never taped, no VJP). */
import type { DType, RandomSpec, Shape, TypedArray } from '../backend/types.js';
import { primitive } from './primitive.js';

export const writePrimitive = primitive<{ values: TypedArray | readonly number[]; shape: Shape; dtype: DType }>({
  name: 'write',
  forward: (backend, _inputs, { values, shape, dtype }) => [{ handle: backend.write(values, shape, dtype), shape, dtype }],
});

export const fillPrimitive = primitive<{ shape: Shape; value: number; dtype: DType }>({
  name: 'fill',
  forward: (backend, _inputs, { shape, value, dtype }) => [{ handle: backend.fill(shape, value, dtype), shape, dtype }],
});

export const randomPrimitive = primitive<{ spec: RandomSpec; shape: Shape; dtype: DType }>({
  name: 'random',
  forward: (backend, _inputs, { spec, shape, dtype }) => [{ handle: backend.random(spec, shape, dtype), shape, dtype }],
});
