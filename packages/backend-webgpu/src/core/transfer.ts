/**
 * Moving data between the host and the device. Writes go through `queue.writeBuffer` into a
 * buffer no pending command uses; reads copy every tensor asked for into one mappable staging
 * buffer in one submit, then map it once (`readMany` of a whole training step's outputs costs
 * one round trip).
 */
import type { DType, Shape, TensorSpec, TypedArray } from '@rnn/tensor/backend';
import { WebGpuDeviceLostError } from '../errors.js';
import type { GpuContext } from './context.js';
import type { GpuTensor } from './buffer.js';
import { BufferPool } from './pool.js';
import { BufferUsage, MapMode } from './usage.js';

/** Host words in the layout the device stores `dtype` (bool as one u32 per element). */
export function toDeviceWords(values: TypedArray | readonly number[], length: number, dtype: DType): Float32Array | Int32Array | Uint32Array {
  switch (dtype) {
    case 'float32': {
      const out = new Float32Array(length);
      out.set(values);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(length);
      out.set(values);
      return out;
    }
    case 'bool': {
      const out = new Uint32Array(length);
      for (let i = 0; i < length; i++) out[i] = values[i] ? 1 : 0;
      return out;
    }
    default:
      throw new TypeError(`webgpu backend: ${dtype} is not supported (caps.float64 is false)`);
  }
}

/** The dtype's typed array from device words (a copy). */
function fromDeviceWords(bytes: ArrayBuffer, offset: number, length: number, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(bytes, offset, length).slice();
    case 'int32':
      return new Int32Array(bytes, offset, length).slice();
    default:
      return Uint8Array.from(new Uint32Array(bytes, offset, length));
  }
}

export class Transfers {
  private readonly staging: BufferPool;

  constructor(private readonly ctx: GpuContext) {
    this.staging = new BufferPool((size) => ctx.device.createBuffer({ size, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST, label: 'rnn readback' }), 64 * 1024 * 1024);
  }

  write(values: TypedArray | readonly number[], shape: Shape, dtype: DType): GpuTensor {
    return this.ctx.run('write', () => {
      const length = shape.reduce((n, d) => n * d, 1);
      const out = this.ctx.allocate('write', dtype, length, true);
      if (length > 0) {
        const words = toDeviceWords(values, length, dtype);
        this.ctx.device.queue.writeBuffer(out.buffer, 0, words.buffer, words.byteOffset, words.byteLength);
      }
      return out;
    });
  }

  async readMany(specs: readonly TensorSpec[]): Promise<TypedArray[]> {
    const tensors = specs.map((s) => this.ctx.tensor(s));
    const offsets: number[] = [];
    let total = 0;
    for (const t of tensors) {
      offsets.push(total);
      total += Math.ceil(t.bytes / 16) * 16;
    }
    const buffer = this.ctx.run('read', () => {
      const staging = this.staging.acquire(total, true);
      tensors.forEach((t, i) => {
        this.ctx.stream.copy(t.buffer, 0, staging, offsets[i]!, t.bytes);
      });
      this.ctx.stream.submit();
      return staging;
    });
    try {
      await buffer.mapAsync(MapMode.READ, 0, Math.max(16, total));
    } catch (error) {
      this.ctx.check('read');
      throw new WebGpuDeviceLostError('read', 'unknown', error instanceof Error ? error.message : String(error));
    }
    const mapped = buffer.getMappedRange(0, Math.max(16, total));
    const out = tensors.map((t, i) => fromDeviceWords(mapped, offsets[i]!, t.length, specs[i]!.dtype));
    buffer.unmap();
    this.staging.release(buffer, false);
    // A device error raised by the commands that made these values is reported now, not later.
    this.ctx.check('read');
    return out;
  }

  destroy(): void {
    this.staging.destroy();
  }
}
