/** Cpu storage: a reference-counted typed array. The object itself is the backend handle. */
import type { DType, DTypeArrays, Handle, TypedArray } from '../backend/types.js';

export class CpuBuffer {
  refs = 1;
  constructor(readonly data: TypedArray) {}
}

export function allocate<D extends DType>(dtype: D, size: number): DTypeArrays[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as DTypeArrays[D];
    case 'float64':
      return new Float64Array(size) as DTypeArrays[D];
    case 'int32':
      return new Int32Array(size) as DTypeArrays[D];
    default:
      return new Uint8Array(size) as DTypeArrays[D];
  }
}

export const asHandle = (b: CpuBuffer): Handle => b as unknown as Handle;
export const asBuffer = (h: Handle): CpuBuffer => h as unknown as CpuBuffer;
