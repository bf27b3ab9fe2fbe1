/**
 * Tensor storage: a reference-counted GPU buffer. Every dtype is stored in 4-byte words —
 * float32 as f32, int32 as i32 and bool as u32 (0 or 1) — because WGSL storage arrays have no
 * smaller element type.
 */
import type { DType, Handle } from '@rnn/tensor/backend';

export class GpuTensor {
  refs = 1;
  constructor(
    readonly buffer: GPUBuffer,
    /** Elements. */
    readonly length: number,
    readonly dtype: DType,
  ) {}

  /** Bytes the elements occupy (the buffer itself may be larger: pooled sizes round up). */
  get bytes(): number {
    return this.length * 4;
  }
}

export const asHandle = (t: GpuTensor): Handle => t as unknown as Handle;

export function asTensor(h: Handle): GpuTensor {
  if (!(h instanceof GpuTensor)) throw new TypeError('webgpu backend: this handle belongs to another backend; move the tensor explicitly first');
  return h;
}

/** The WGSL scalar type that stores `dtype`. */
export function wgslType(dtype: DType): 'f32' | 'i32' | 'u32' {
  switch (dtype) {
    case 'float32':
      return 'f32';
    case 'int32':
      return 'i32';
    case 'bool':
      return 'u32';
    default:
      throw new TypeError(`webgpu backend: ${dtype} is not supported (caps.float64 is false)`);
  }
}
