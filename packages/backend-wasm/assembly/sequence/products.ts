// The products of one step for entries [begin, end): their rows of a row-major operand times a
// weight packed once by the caller (the recurrent matrix over all T steps, the input matrix over
// all T·B rows), through gemm.ts's packed micro-kernel. The rows are packed into the calling
// thread's slot of the scratch first — a few KiB per step, against K·N multiply-adds per row.
import { gemmPacked, packA, MR, NR } from '../gemm';
import { SequenceArgs } from './args';
import { zero } from './lanes';

/**
 * dst[b] (+)= src[b] · op(W) for b in [begin, end): src rows are K wide at stride ldSrc, dst
 * rows N wide at stride ldDst, `packedW` is op(W) packed as K×N.
 */
export function rowsTimes(
  a: SequenceArgs, begin: i32, end: i32,
  src: usize, ldSrc: i32, K: i32,
  packedW: usize, N: i32,
  dst: usize, ldDst: i32, accumulate: bool,
): void {
  const M = end - begin;
  const c = dst + ((<usize>begin * <usize>ldDst) << 2);
  if (K == 0) {
    // An empty sum: gemmPacked would leave C as it was.
    if (!accumulate) for (let i = 0; i < M; i++) zero(c + ((<usize>i * <usize>ldDst) << 2), N);
    return;
  }
  const slot = a.packed + ((<usize>(4 * begin) * <usize>a.packedStride) << 2);
  const tile = a.tile + ((<usize>begin * MR * NR) << 2);
  packA(src + ((<usize>begin * <usize>ldSrc) << 2), ldSrc, false, M, K, slot);
  gemmPacked(M, N, K, slot, packedW, c, ldDst, accumulate, tile);
}
