/**
 * Tensor storage in the wasm heap: a reference-counted block and typed-array views of it. A
 * view is made per kernel call, after that call's allocations, because growing the memory
 * detaches every earlier view (and, for shared memory, leaves it at the old length).
 */
import type { DType, Handle, TypedArray } from '@rnn/tensor/backend';
import type { Heap } from './heap.js';

export const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

export class WasmBuffer {
  refs = 1;
  constructor(
    /** Byte offset in the wasm memory. */
    readonly ptr: number,
    /** Elements. */
    readonly length: number,
    readonly dtype: DType,
  ) {}

  get bytes(): number {
    return this.length * BYTES[this.dtype];
  }
}

export const asHandle = (b: WasmBuffer): Handle => b as unknown as Handle;

export function asBuffer(h: Handle): WasmBuffer {
  if (!(h instanceof WasmBuffer)) throw new TypeError('wasm backend: this handle belongs to another backend; move the tensor explicitly first');
  return h;
}

/** Storage of one wasm memory: allocation, views, live count. */
export class WasmStorage {
  private live = 0;
  private readonly releaseHooks: ((buffer: WasmBuffer) => void)[] = [];

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly heap: Heap,
  ) {}

  allocate(dtype: DType, length: number): WasmBuffer {
    const buffer = new WasmBuffer(this.heap.alloc(length * BYTES[dtype]), length, dtype);
    this.live++;
    return buffer;
  }

  release(buffer: WasmBuffer): void {
    for (const hook of this.releaseHooks) hook(buffer);
    this.heap.free(buffer.ptr, buffer.bytes);
    this.live--;
  }

  /** Calls `hook` with every buffer about to be released: caches of data derived from a buffer (packed weights) free it then. */
  onRelease(hook: (buffer: WasmBuffer) => void): void {
    this.releaseHooks.push(hook);
  }

  get numLive(): number {
    return this.live;
  }

  /** A view of `buffer` as its dtype's typed array (valid until the next allocation). */
  view(buffer: WasmBuffer): TypedArray {
    const memory = this.memory.buffer;
    switch (buffer.dtype) {
      case 'float32':
        return new Float32Array(memory, buffer.ptr, buffer.length);
      case 'float64':
        return new Float64Array(memory, buffer.ptr, buffer.length);
      case 'int32':
        return new Int32Array(memory, buffer.ptr, buffer.length);
      default:
        return new Uint8Array(memory, buffer.ptr, buffer.length);
    }
  }
}
