/**
 * float32 matmul through the SIMD GEMM: for each batch entry, op(A) and op(B) are packed into
 * scratch, then the row blocks of C are computed by the runner (split across threads when it
 * has them). A batch whose entries share one B matrix (a broadcast weight) packs it once.
 */
import type { Shape, TensorSpec } from '@rnn/tensor/backend';
import { forEachMatmulEntry } from '@rnn/tensor/kernels';
import type { KernelExports } from './exports.js';
import { grainForFlops, type KernelRunner } from './runner.js';
import { asBuffer, type WasmBuffer, type WasmStorage } from './storage.js';

const MR = 4;
const NR = 8;

export function gemmMatmul(
  kernels: KernelExports,
  runner: KernelRunner,
  storage: WasmStorage,
  a: TensorSpec,
  b: TensorSpec,
  transposeA: boolean,
  transposeB: boolean,
  out: WasmBuffer,
  outShape: Shape,
): void {
  const rank = outShape.length;
  const [m, n] = [outShape[rank - 2]!, outShape[rank - 1]!];
  const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  if (m * n === 0) return;
  const lda = a.shape[a.shape.length - 1]!;
  const ldb = b.shape[b.shape.length - 1]!;
  const [ap, bp] = [asBuffer(a.handle).ptr, asBuffer(b.handle).ptr];
  const blocks = Math.ceil(m / MR);
  // A row block is MR·N·K multiply-adds; a GEMM too small to repay a wake-up stays on this thread.
  const grain = grainForFlops(2 * MR * n * k);
  const packedA = storage.allocate('float32', kernels.packedASize(m, k));
  const packedB = storage.allocate('float32', kernels.packedBSize(k, n));
  const tiles = storage.allocate('float32', blocks * MR * NR);
  const args = storage.allocate('int32', 9);
  try {
    const words = storage.view(args) as Int32Array;
    words.set([m, n, k, packedA.ptr, packedB.ptr, 0, n, 0, tiles.ptr]);
    let packedFrom = -1;
    forEachMatmulEntry(a.shape, b.shape, outShape, (aOffset, bOffset, outOffset) => {
      kernels.packA(ap + aOffset * 4, lda, transposeA ? 1 : 0, m, k, packedA.ptr);
      if (bOffset !== packedFrom) kernels.packB(bp + bOffset * 4, ldb, transposeB ? 1 : 0, k, n, packedB.ptr);
      packedFrom = bOffset;
      words[5] = out.ptr + outOffset * 4;
      runner.run('gemmRowBlocks', args.ptr, blocks, grain);
    });
  } finally {
    for (const scratch of [packedA, packedB, tiles, args]) storage.release(scratch);
  }
}
