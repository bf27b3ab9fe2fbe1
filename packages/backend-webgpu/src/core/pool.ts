/**
 * Buffer pooling, so a training loop allocates nothing after its first step. Sizes are rounded
 * up to a class (2^k or 1.5·2^k bytes, at most a third wasted) and freed buffers wait in a bin
 * per class.
 *
 * A buffer released while commands that use it are still being encoded is only safe to reuse
 * for another kernel's output in the same command stream (commands run in order); a
 * `queue.writeBuffer` would overtake those commands. Such buffers wait in `recent` until the
 * stream is submitted.
 */
export const MIN_BUFFER_BYTES = 16;

export function sizeClass(bytes: number): number {
  const n = Math.max(MIN_BUFFER_BYTES, bytes);
  const power = 2 ** Math.ceil(Math.log2(n));
  return power * 0.75 >= n && power >= 32 ? power * 0.75 : power;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly recent = new Map<number, GPUBuffer[]>();
  private freeBytes = 0;
  private liveBytes = 0;
  /** Buffers made so far (flat across training steps once the pool is warm). */
  created = 0;

  constructor(
    private readonly create: (bytes: number) => GPUBuffer,
    /** Pooled bytes above which released buffers are destroyed instead of kept. */
    private readonly maxPooledBytes: number,
  ) {}

  /** A buffer of at least `bytes`; `forWrite`: one no unsubmitted command uses. */
  acquire(bytes: number, forWrite: boolean): GPUBuffer {
    const size = sizeClass(bytes);
    const buffer = this.take(this.free, size) ?? (forWrite ? undefined : this.take(this.recent, size)) ?? this.make(size);
    this.liveBytes += size;
    return buffer;
  }

  /** Returns a buffer; `encoding`: commands not yet submitted may still use it. */
  release(buffer: GPUBuffer, encoding: boolean): void {
    const size = buffer.size;
    this.liveBytes -= size;
    if (this.freeBytes + size > this.maxPooledBytes) {
      buffer.destroy();
      return;
    }
    const bins = encoding ? this.recent : this.free;
    let bin = bins.get(size);
    if (bin === undefined) bins.set(size, (bin = []));
    bin.push(buffer);
    this.freeBytes += size;
  }

  /** After a submit: every recently released buffer may be written again. */
  submitted(): void {
    for (const [size, buffers] of this.recent) {
      let bin = this.free.get(size);
      if (bin === undefined) this.free.set(size, (bin = []));
      bin.push(...buffers);
    }
    this.recent.clear();
  }

  /** Bytes held by live tensors and bytes cached for reuse. */
  get bytes(): { readonly live: number; readonly pooled: number } {
    return { live: this.liveBytes, pooled: this.freeBytes };
  }

  destroy(): void {
    for (const bins of [this.free, this.recent]) for (const bin of bins.values()) for (const b of bin) b.destroy();
    this.free.clear();
    this.recent.clear();
    this.freeBytes = 0;
  }

  private make(size: number): GPUBuffer {
    this.created++;
    return this.create(size);
  }

  private take(bins: Map<number, GPUBuffer[]>, size: number): GPUBuffer | undefined {
    const buffer = bins.get(size)?.pop();
    if (buffer !== undefined) this.freeBytes -= size;
    return buffer;
  }
}
