/**
 * A kernel call's scratch as one heap block cut into named parts, each 64-byte aligned: one
 * allocation and one release per call, however many parts the parameter block points to.
 */
import type { WasmBuffer, WasmStorage } from '../storage.js';

/** Floats per 64 bytes. */
const ALIGN = 16;

export class Scratch<Name extends string> {
  private readonly buffer: WasmBuffer;
  private readonly offsets = new Map<Name, number>();

  /** `sizes`: floats (or int32 words) per part; a part of size 0 gets pointer 0, "absent". */
  constructor(
    private readonly storage: WasmStorage,
    sizes: Readonly<Record<Name, number>>,
  ) {
    let total = 0;
    for (const [name, size] of Object.entries(sizes) as [Name, number][]) {
      if (size === 0) continue;
      this.offsets.set(name, total);
      total += Math.ceil(size / ALIGN) * ALIGN;
    }
    this.buffer = storage.allocate('float32', total);
  }

  /** The byte address of a part, or 0 if it is empty. */
  ptr(name: Name): number {
    const offset = this.offsets.get(name);
    return offset === undefined ? 0 : this.buffer.ptr + offset * 4;
  }

  /** A part as floats (valid until the next allocation). */
  floats(name: Name, length: number): Float32Array {
    return new Float32Array(this.storage.memory.buffer, this.ptr(name), length);
  }

  /** A part as int32 words (valid until the next allocation). */
  words(name: Name, length: number): Int32Array {
    return new Int32Array(this.storage.memory.buffer, this.ptr(name), length);
  }

  release(): void {
    this.storage.release(this.buffer);
  }
}
