/**
 * The kernels module's exports, as the JS side calls them. Pointers are byte offsets into the
 * memory; booleans are 0/1.
 */

/** Kernels with the parallel signature `(args, begin, end)`; see runner.ts. */
export interface ParallelKernels {
  /** GEMM over row blocks [begin, end) of 4 rows; `args` is a GemmArgs block (assembly/gemm.ts). */
  gemmRowBlocks(args: number, begin: number, end: number): void;
}

export interface KernelExports extends ParallelKernels {
  heapBase(): number;
  packedASize(m: number, k: number): number;
  packedBSize(k: number, n: number): number;
  packA(a: number, lda: number, transA: number, m: number, k: number, dst: number): void;
  packB(b: number, ldb: number, transB: number, k: number, n: number, dst: number): void;
  gemmPacked(m: number, n: number, k: number, ap: number, bp: number, c: number, ldc: number, accumulate: number, tile: number): void;
  binaryF32(op: number, a: number, aRow: number, aStep: number, b: number, bRow: number, bStep: number, out: number, rows: number, n: number): void;
  unaryF32(op: number, x: number, out: number, n: number): void;
}
