/** The kernels module's exports, as the JS side calls them (pointers are byte offsets). */
export interface KernelExports {
  heapBase(): number;
  packedASize(m: number, k: number): number;
  packedBSize(k: number, n: number): number;
  packA(a: number, lda: number, transA: number, m: number, k: number, dst: number): void;
  packB(b: number, ldb: number, transB: number, k: number, n: number, dst: number): void;
  gemmPacked(m: number, n: number, k: number, ap: number, bp: number, c: number, ldc: number, accumulate: number, tile: number): void;
}
