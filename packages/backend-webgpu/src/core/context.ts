/**
 * What every kernel works with: the device, the command stream, pooled storage, the pipeline
 * cache, and the bookkeeping that turns asynchronous device errors into typed errors naming the
 * op that caused them.
 */
import type { DType, TensorSpec } from '@rnn/tensor/backend';
import { WebGpuDeviceLostError, WebGpuKernelError, WebGpuMemoryError } from '../errors.js';
import { asTensor, GpuTensor } from './buffer.js';
import { PipelineCache } from './pipelines.js';
import { BufferPool } from './pool.js';
import { CommandStream } from './stream.js';
import { BufferUsage } from './usage.js';

/** Dispatches that may pile up between two ops before they are submitted. */
const MAX_PENDING = 256;

export interface ContextOptions {
  /** Float16 compute (f32 accumulation) where kernels offer it; needs the `shader-f16` feature. */
  readonly shaderF16: boolean;
  readonly maxPooledBytes: number;
}

export class GpuContext {
  readonly pool: BufferPool;
  readonly stream: CommandStream;
  readonly pipelines: PipelineCache;
  private live = 0;
  private lost: { readonly reason: string; readonly message: string } | null = null;
  /** The first device error not yet reported (it surfaces on the next op or read). */
  private failure: Error | null = null;
  private destroyed = false;

  constructor(
    readonly device: GPUDevice,
    readonly options: ContextOptions,
  ) {
    this.pool = new BufferPool((size) => device.createBuffer({ size, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST }), options.maxPooledBytes);
    this.stream = new CommandStream(device, this.pool);
    this.pipelines = new PipelineCache(device);
    void device.lost.then((info) => {
      this.lost = { reason: info.reason, message: info.message };
    });
  }

  /**
   * Runs one backend op: refuses after loss or destroy, reports an earlier device error, and
   * catches validation and out-of-memory errors of the commands it encodes under its name.
   */
  run<T>(op: string, body: () => T): T {
    this.check(op);
    if (this.stream.pending >= MAX_PENDING) this.stream.submit();
    this.device.pushErrorScope('validation');
    this.device.pushErrorScope('out-of-memory');
    try {
      return body();
    } finally {
      void this.device.popErrorScope().then((e) => {
        if (e !== null) this.fail(new WebGpuMemoryError(op, 0, e.message));
      });
      void this.device.popErrorScope().then((e) => {
        if (e !== null) this.fail(new WebGpuKernelError(op, e.message));
      });
    }
  }

  /** Throws if the backend cannot be used: destroyed, device lost, or an earlier op failed. */
  check(op: string): void {
    if (this.destroyed) throw new Error(`webgpu ${op}: the backend was destroyed`);
    if (this.lost !== null) throw new WebGpuDeviceLostError(op, this.lost.reason, this.lost.message);
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
  }

  /** Storage for `length` elements of `dtype`; `forWrite` when the host will write it. */
  allocate(op: string, dtype: DType, length: number, forWrite = false): GpuTensor {
    const bytes = length * 4;
    const limit = Math.min(this.device.limits.maxBufferSize, this.device.limits.maxStorageBufferBindingSize);
    if (bytes > limit) throw new WebGpuMemoryError(op, bytes, `the device's largest storage buffer is ${limit} bytes`);
    const buffer = this.pool.acquire(bytes, forWrite);
    this.live++;
    return new GpuTensor(buffer, length, dtype);
  }

  /** Drops one reference of `t`, returning its buffer to the pool when none are left. */
  release(t: GpuTensor): void {
    if (t.refs <= 0 || this.destroyed) return;
    if (--t.refs > 0) return;
    this.pool.release(t.buffer, this.stream.encoding);
    this.live--;
  }

  tensor(spec: TensorSpec): GpuTensor {
    return asTensor(spec.handle);
  }

  /** A compute pipeline from the cache (compiled on first use). */
  pipeline(key: string, code: () => string): GPUComputePipeline {
    return this.pipelines.get(key, code);
  }

  /** Encodes a dispatch; see {@link CommandStream.dispatch} for the binding order. */
  dispatch(pipeline: GPUComputePipeline, uniforms: Uint8Array | null, buffers: readonly (GpuTensor | GPUBuffer)[], workgroups: readonly [number, number?, number?]): void {
    this.stream.dispatch(pipeline, uniforms, buffers.map((b) => (b instanceof GpuTensor ? b.buffer : b)), workgroups);
  }

  get numLive(): number {
    return this.destroyed ? 0 : this.live;
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  destroy(): void {
    this.destroyed = true;
    this.stream.destroy();
    this.pool.destroy();
  }
}
