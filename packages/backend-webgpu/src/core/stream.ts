/**
 * The command stream: kernels are encoded into one command encoder (consecutive dispatches share
 * a compute pass) and submitted together — when a result is read, when `maxPending` dispatches
 * have piled up between two ops, or when a fused kernel asks for it. Uniforms are staged on the
 * host and written with one `writeBuffer` per 64 KiB chunk just before the submit; queue order
 * makes reusing the chunks across submits safe.
 */
import type { BufferPool } from './pool.js';
import { BufferUsage } from './usage.js';

const CHUNK_BYTES = 64 * 1024;

interface UniformChunk {
  readonly buffer: GPUBuffer;
  readonly staging: Uint8Array;
}

export interface StreamStats {
  submits: number;
  dispatches: number;
}

export class CommandStream {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly chunks: UniformChunk[] = [];
  /** Chunk in use and the next free byte in it. */
  private chunk = 0;
  private offset = 0;
  private pendingDispatches = 0;
  readonly stats: StreamStats = { submits: 0, dispatches: 0 };

  constructor(
    private readonly device: GPUDevice,
    private readonly pool: BufferPool,
  ) {}

  /** Dispatches encoded and not yet submitted. */
  get pending(): number {
    return this.pendingDispatches;
  }

  /** Whether commands are encoded but not submitted (a released buffer may still be in use). */
  get encoding(): boolean {
    return this.encoder !== null;
  }

  /**
   * Encodes one dispatch. Binding 0 is the uniform struct when `uniforms` is given; the storage
   * buffers follow from binding 1 (or 0 without uniforms), in the order the kernel declares them.
   */
  dispatch(pipeline: GPUComputePipeline, uniforms: Uint8Array | null, buffers: readonly GPUBuffer[], workgroups: readonly [number, number?, number?]): void {
    const [x, y = 1, z = 1] = workgroups;
    if (x === 0 || y === 0 || z === 0) return;
    const entries: GPUBindGroupEntry[] = [];
    if (uniforms !== null) entries.push({ binding: 0, resource: this.stageUniforms(uniforms) });
    const first = entries.length;
    buffers.forEach((buffer, i) => entries.push({ binding: first + i, resource: { buffer } }));
    const group = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(x, y, z);
    this.pendingDispatches++;
    this.stats.dispatches++;
  }

  copy(source: GPUBuffer, sourceOffset: number, destination: GPUBuffer, destinationOffset: number, bytes: number): void {
    if (bytes === 0) return;
    this.endPass();
    this.commandEncoder().copyBufferToBuffer(source, sourceOffset, destination, destinationOffset, bytes);
  }

  /** Zeros `bytes` bytes of `buffer` from `offset` (both multiples of 4). */
  clear(buffer: GPUBuffer, offset: number, bytes: number): void {
    if (bytes === 0) return;
    this.endPass();
    this.commandEncoder().clearBuffer(buffer, offset, bytes);
  }

  /** Submits everything encoded so far (nothing happens when nothing is pending). */
  submit(): void {
    if (this.encoder === null) return;
    this.endPass();
    for (let i = 0; i <= this.chunk && i < this.chunks.length; i++) {
      const used = i < this.chunk ? CHUNK_BYTES : this.offset;
      const c = this.chunks[i]!;
      if (used > 0) this.device.queue.writeBuffer(c.buffer, 0, c.staging.buffer, c.staging.byteOffset, used);
    }
    const commands = this.encoder.finish();
    this.encoder = null;
    this.device.queue.submit([commands]);
    this.chunk = 0;
    this.offset = 0;
    this.pendingDispatches = 0;
    this.stats.submits++;
    this.pool.submitted();
  }

  destroy(): void {
    this.encoder = null;
    this.pass = null;
    for (const c of this.chunks) c.buffer.destroy();
    this.chunks.length = 0;
  }

  private commandEncoder(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  private computePass(): GPUComputePassEncoder {
    return (this.pass ??= this.commandEncoder().beginComputePass());
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  private stageUniforms(bytes: Uint8Array): GPUBufferBinding {
    const align = this.device.limits.minUniformBufferOffsetAlignment;
    if (this.offset + bytes.byteLength > CHUNK_BYTES) {
      this.chunk++;
      this.offset = 0;
    }
    if (this.chunk === this.chunks.length) {
      const buffer = this.device.createBuffer({ size: CHUNK_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST, label: 'rnn uniforms' });
      this.chunks.push({ buffer, staging: new Uint8Array(CHUNK_BYTES) });
    }
    const c = this.chunks[this.chunk]!;
    c.staging.set(bytes, this.offset);
    const binding = { buffer: c.buffer, offset: this.offset, size: bytes.byteLength };
    this.offset += Math.ceil(bytes.byteLength / align) * align;
    return binding;
  }
}
