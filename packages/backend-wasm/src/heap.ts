/**
 * The allocator of the wasm heap. Tensors live in the module's linear memory and JS reads them
 * through typed-array views, so allocation is done here, in JS, over byte offsets:
 *
 * - Blocks are multiples of 64 bytes and 64-byte aligned (a cache line; every SIMD load aligned).
 * - Freed blocks go to a bin of their exact size. A training loop frees and re-allocates the
 *   same sizes every step, so after the first step nearly every allocation is a bin pop (the
 *   caching-allocator idea of PyTorch's CUDA allocator).
 * - Otherwise the block is cut from the top of the heap. When that does not fit, the free
 *   blocks are coalesced (adjacent ones merged, those touching the top returned to it) and the
 *   smallest one that fits is split; only then does memory grow.
 *
 * Growing the memory detaches every view of it: callers take views only after the allocations
 * of a kernel are done (see `WasmMemory.f32` and friends).
 */

const ALIGN = 64;
const PAGE = 65536;

export class HeapError extends Error {
  override name = 'HeapError';
}

export class Heap {
  private top: number;
  private readonly bins = new Map<number, number[]>();
  private freeBytes = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxBytes: number,
  ) {
    this.top = roundUp(base, ALIGN);
  }

  /** Allocates `bytes` (rounded up to 64) and returns the block's byte offset. */
  alloc(bytes: number): number {
    const size = roundUp(Math.max(bytes, 1), ALIGN);
    const reused = this.bins.get(size)?.pop();
    if (reused !== undefined) {
      this.freeBytes -= size;
      return reused;
    }
    if (this.top + size > this.memory.buffer.byteLength) {
      const fit = this.freeBytes >= size ? this.coalesceAndFit(size) : undefined;
      if (fit !== undefined) return fit;
      this.grow(this.top + size);
    }
    const at = this.top;
    this.top += size;
    return at;
  }

  /** Returns a block from `alloc` (with the size it was asked for). */
  free(at: number, bytes: number): void {
    const size = roundUp(Math.max(bytes, 1), ALIGN);
    let bin = this.bins.get(size);
    if (bin === undefined) this.bins.set(size, (bin = []));
    bin.push(at);
    this.freeBytes += size;
  }

  /** Bytes in use or cached: the heap's high-water mark above its base. */
  get reservedBytes(): number {
    return this.top;
  }

  private coalesceAndFit(size: number): number | undefined {
    const blocks: [number, number][] = [];
    for (const [s, offsets] of this.bins) for (const at of offsets) blocks.push([at, s]);
    blocks.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [at, s] of blocks) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last[0] + last[1] === at) last[1] += s;
      else merged.push([at, s]);
    }
    const tail = merged[merged.length - 1];
    if (tail !== undefined && tail[0] + tail[1] === this.top) {
      this.top = tail[0];
      this.freeBytes -= tail[1];
      merged.pop();
    }
    this.bins.clear();
    let best: [number, number] | undefined;
    for (const block of merged) if (block[1] >= size && (best === undefined || block[1] < best[1])) best = block;
    for (const block of merged) {
      if (block === best) continue;
      let bin = this.bins.get(block[1]);
      if (bin === undefined) this.bins.set(block[1], (bin = []));
      bin.push(block[0]);
    }
    if (best === undefined) return this.top + size <= this.memory.buffer.byteLength ? this.cutTop(size) : undefined;
    this.freeBytes -= best[1];
    if (best[1] > size) this.free(best[0] + size, best[1] - size);
    return best[0];
  }

  private cutTop(size: number): number {
    const at = this.top;
    this.top += size;
    return at;
  }

  private grow(needed: number): void {
    if (needed > this.maxBytes) {
      throw new HeapError(`wasm backend: out of memory: ${needed} bytes needed, the heap's limit is ${this.maxBytes} bytes`);
    }
    const current = this.memory.buffer.byteLength;
    // Grow by at least half again, so a growing model does not grow (and detach views) every step.
    const target = Math.min(this.maxBytes, Math.max(needed, current + (current >>> 1)));
    this.memory.grow(Math.ceil((target - current) / PAGE));
  }
}

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;
