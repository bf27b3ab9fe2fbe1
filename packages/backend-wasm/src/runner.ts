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
   * Runs `kernel(args, begin, end)` over [0, count), split into per-thread slices of at least
   * `grain` items (default 1) — so a job of fewer than 2·grain items stays on the calling thread.
   * The caller picks the grain from the work per item (`grainForFlops`, `batchRowGrain`): waking
   * a worker and waiting for it costs ~10–50 µs, which a tiny job cannot repay. Synchronous:
   * returns when all slices are done.
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
 * Splits [0, count) into at most `parts` contiguous slices of at least `grain` items each (one
 * slice when count < 2·grain), as even as possible: sizes differ by at most one.
 */
export function splitRange(count: number, parts: number, grain = 1): [number, number][] {
  if (count <= 0) return [];
  const n = Math.max(1, Math.min(parts, Math.floor(count / grain)));
  const slices: [number, number][] = [];
  for (let p = 0; p < n; p++) slices.push([Math.floor((count * p) / n), Math.floor((count * (p + 1)) / n)]);
  return slices;
}

/**
 * The least arithmetic worth a thread: ~20 µs of one core's SIMD GEMM (~45 GFLOP/s measured),
 * twice what waking a sleeping worker and waiting for it costs (~10 µs).
 */
const MIN_FLOPS_PER_THREAD = 1 << 20;

/** The grain for work items of `flops` floating-point operations each. */
export const grainForFlops = (flops: number): number => Math.max(1, Math.ceil(MIN_FLOPS_PER_THREAD / Math.max(1, flops)));

/**
 * The grain for the batch rows of a fused sequence kernel (one job per sequence), by
 * onnxruntime's rule for its LSTM (UniDirectionalLstm::SetNumThreads): split the rows across
 * threads when there are more than 4, or at least 2 with a hidden size of at most 256; otherwise
 * keep them all on the calling thread.
 */
export const batchRowGrain = (rows: number, hidden: number): number => (rows > 4 || (rows >= 2 && hidden <= 256) ? 1 : Math.max(1, rows));
