/**
 * How kernels run across threads. Every parallel kernel in assembly/ has the signature
 * `kernel(args: usize, begin: i32, end: i32)`: `args` points to the kernel's parameter block in
 * the heap, and [begin, end) is the slice of independent work items (batch rows, row blocks of a
 * GEMM) this call does. A runner splits [0, count) into one slice per thread and returns when
 * every slice is done; the serial runner is one call on the calling thread.
 */
import type { KernelExports, ParallelKernels } from './exports.js';

/** The exports that follow the parallel-kernel signature. */
export type ParallelKernel = keyof ParallelKernels;

export interface KernelRunner {
  readonly threads: number;
  /**
   * Runs `kernel(args, begin, end)` over [0, count), split into per-thread slices whose bounds
   * are multiples of `grain` (except the last). Synchronous: returns when all slices are done.
   */
  run(kernel: ParallelKernel, args: number, count: number, grain?: number): void;
  /** Stops the workers (the serial runner has none). */
  close(): void;
}

export function serialRunner(kernels: KernelExports): KernelRunner {
  return {
    threads: 1,
    run(kernel, args, count) {
      if (count > 0) kernels[kernel](args, 0, count);
    },
    close: () => undefined,
  };
}

/**
 * Splits [0, count) into at most `parts` slices aligned to `grain`, as even as the grain allows.
 * Used by the thread pool; exported for its tests.
 */
export function splitRange(count: number, parts: number, grain = 1): [number, number][] {
  const units = Math.ceil(count / grain);
  const n = Math.max(1, Math.min(parts, units));
  const slices: [number, number][] = [];
  for (let p = 0; p < n; p++) {
    const begin = Math.min(count, Math.floor((units * p) / n) * grain);
    const end = Math.min(count, Math.floor((units * (p + 1)) / n) * grain);
    if (end > begin) slices.push([begin, end]);
  }
  return slices;
}
