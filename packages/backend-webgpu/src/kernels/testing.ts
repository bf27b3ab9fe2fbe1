/** Test helpers for the kernel unit tests: tensors in, typed arrays out, leaks checked. */
import type { DType, Shape, TensorSpec, TypedArray } from '@rnn/tensor/backend';
import { expect } from 'vitest';
import type { WebGpuBackend } from '../backend.js';

export interface KernelHarness {
  /** A tensor of `values` the harness disposes in `done`. */
  input(values: TypedArray | readonly number[], shape: Shape, dtype?: DType): TensorSpec;
  /** Reads a kernel's result and disposes it. */
  output<T extends TypedArray>(handle: TensorSpec['handle'], shape: Shape, dtype?: DType): Promise<T>;
  /** Disposes the inputs and expects nothing else to be alive. */
  done(): void;
}

export function harness(backend: WebGpuBackend): KernelHarness {
  const inputs: TensorSpec[] = [];
  return {
    input(values, shape, dtype = 'float32') {
      const spec = { handle: backend.write(values, shape, dtype), shape, dtype };
      inputs.push(spec);
      return spec;
    },
    async output<T extends TypedArray>(handle: TensorSpec['handle'], shape: Shape, dtype: DType = 'float32') {
      const values = await backend.read({ handle, shape, dtype });
      backend.dispose(handle);
      return values as T;
    },
    done() {
      for (const spec of inputs.splice(0)) backend.dispose(spec.handle);
      expect(backend.numHandles()).toBe(0);
    },
  };
}

/** Deterministic uniform values in [low, high) (a small LCG: tests must not depend on Math.random). */
export function uniformValues(length: number, seed: number, low = 0, high = 1): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = low + (high - low) * (state / 2 ** 32);
  }
  return out;
}

/**
 * Element-wise identity (NaN equals NaN), reporting the first difference. Vitest's deep
 * equality takes minutes on arrays of millions.
 */
export function expectSameValues(got: TypedArray, want: TypedArray): void {
  expect(got.length).toBe(want.length);
  const differs = got.findIndex((v: number, i: number) => !Object.is(v, want[i]));
  if (differs >= 0) expect.fail(`element ${differs}: ${got[differs]} ≠ ${want[differs]}`);
}
