/** Helpers for hand-written checks: making tensors on the env's backend, reading, expecting errors. */
import { fromArray, type DType, type NestedArray, type Shape, type Tensor } from '@rnn/tensor';
import { expect } from 'vitest';
import type { CheckEnv } from './case.js';

/** `fromArray` on the backend under test, in the dtype under test unless `dtype` is given. */
export function tensorOn(env: CheckEnv, values: NestedArray, dtype: DType = env.dtype, shape?: Shape): Tensor {
  return fromArray(values, shape === undefined ? { backend: env.backend, dtype } : { backend: env.backend, dtype, shape });
}

/** The elements of `t` as plain numbers (read with `await data()`). */
export async function valuesOf(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

/** Like {@link valuesOf}, then disposes `t`. */
export async function drain(t: Tensor): Promise<number[]> {
  try {
    return await valuesOf(t);
  } finally {
    t.dispose();
  }
}

type ErrorClass<E> = abstract new (...args: never[]) => E;

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** `fn` throws an instance of `cls` whose message contains every fragment; returns the error. */
export function expectError<E extends Error>(what: string, fn: () => unknown, cls: ErrorClass<E>, ...fragments: string[]): E {
  const error = caught(fn);
  expect(error, `${what}: expected a ${cls.name}`).toBeInstanceOf(cls);
  const e = error as E;
  for (const f of fragments) expect(e.message, `${what}: the message should name ${f}`).toContain(f);
  return e;
}

/** The promise rejects with an instance of `cls`. */
export async function expectRejection<E extends Error>(what: string, promise: Promise<unknown>, cls: ErrorClass<E>): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `${what}: expected a rejection with ${cls.name}`).toBeInstanceOf(cls);
}

/** The typed array class that stores `dtype`. */
export function arrayClassOf(dtype: DType): typeof Float32Array | typeof Float64Array | typeof Int32Array | typeof Uint8Array {
  switch (dtype) {
    case 'float32':
      return Float32Array;
    case 'float64':
      return Float64Array;
    case 'int32':
      return Int32Array;
    case 'bool':
      return Uint8Array;
  }
}
