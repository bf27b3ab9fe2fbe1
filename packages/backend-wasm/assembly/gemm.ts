// f32 GEMM: C[M,N] (+)= op(A)[M,K] · op(B)[K,N], every operand row-major with a leading
// dimension. Both operands are packed first — A into 4-row blocks (per k, the 4 values of the
// block's rows), B into 8-column panels (per k, 8 values) — so the micro-kernel reads both
// with unit stride and keeps a 4×8 tile of C in 8 f32x4 registers. V8 allocates xmm0–xmm14
// only: 8 accumulators + 2 B vectors + 1 A splat fit without spilling, 16 accumulators do not.
// Weights that do not change between calls (a recurrent matrix over T steps) are packed once
// by the caller with `packB` and reused through `gemmPacked`.
import { madd } from './simd';

export const MR: i32 = 4;
export const NR: i32 = 8;
/** K is processed in slices of KC so a B panel slice (KC·8 floats) stays in L1. */
const KC: i32 = 256;

/** Floats needed to pack a K×N operand into 8-column panels. */
export function packedBSize(K: i32, N: i32): i32 {
  return ((N + NR - 1) / NR) * NR * K;
}

/** Floats needed to pack an M×K operand into 4-row blocks. */
export function packedASize(M: i32, K: i32): i32 {
  return ((M + MR - 1) / MR) * MR * K;
}

/**
 * Packs op(B) (K×N; B is N×K when `transB`) into panels of 8 columns, each K·8 floats,
 * zero-padding the last panel.
 */
export function packB(b: usize, ldb: i32, transB: bool, K: i32, N: i32, dst: usize): void {
  const panels = (N + NR - 1) / NR;
  for (let p = 0; p < panels; p++) {
    const j0 = p * NR;
    const width = min(NR, N - j0);
    let out = dst + <usize>(p * NR * K) * 4;
    for (let k = 0; k < K; k++) {
      if (!transB && width == NR) {
        v128.store(out, v128.load(b + <usize>(k * ldb + j0) * 4));
        v128.store(out, v128.load(b + <usize>(k * ldb + j0 + 4) * 4), 16);
      } else {
        for (let j = 0; j < NR; j++) {
          let v: f32 = 0;
          if (j < width) v = transB ? load<f32>(b + <usize>((j0 + j) * ldb + k) * 4) : load<f32>(b + <usize>(k * ldb + j0 + j) * 4);
          store<f32>(out + <usize>j * 4, v);
        }
      }
      out += NR * 4;
    }
  }
}

/** Packs op(A) (M×K; A is K×M when `transA`) into blocks of 4 rows, zero-padding the last. */
export function packA(a: usize, lda: i32, transA: bool, M: i32, K: i32, dst: usize): void {
  const blocks = (M + MR - 1) / MR;
  for (let q = 0; q < blocks; q++) {
    const i0 = q * MR;
    const height = min(MR, M - i0);
    let out = dst + <usize>(q * MR * K) * 4;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < MR; i++) {
        let v: f32 = 0;
        if (i < height) v = transA ? load<f32>(a + <usize>(k * lda + i0 + i) * 4) : load<f32>(a + <usize>((i0 + i) * lda + k) * 4);
        store<f32>(out + <usize>i * 4, v);
      }
      out += MR * 4;
    }
  }
}

/** A 4×8 tile over `kc` steps; `accumulate` adds to C instead of overwriting it. */
// @ts-ignore: decorator
@inline function micro4x8(a: usize, b: usize, kc: i32, c: usize, ldcBytes: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let s = v128.load32_splat(a);
    c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
    s = v128.load32_splat(a, 4);
    c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
    s = v128.load32_splat(a, 8);
    c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
    s = v128.load32_splat(a, 12);
    c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
    a += 16;
    b += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldcBytes)); c11 = f32x4.add(c11, v128.load(c + ldcBytes, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldcBytes)); c21 = f32x4.add(c21, v128.load(c + 2 * ldcBytes, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldcBytes)); c31 = f32x4.add(c31, v128.load(c + 3 * ldcBytes, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldcBytes, c10); v128.store(c + ldcBytes, c11, 16);
  v128.store(c + 2 * ldcBytes, c20); v128.store(c + 2 * ldcBytes, c21, 16);
  v128.store(c + 3 * ldcBytes, c30); v128.store(c + 3 * ldcBytes, c31, 16);
}

/**
 * C (+)= packedA · packedB. `tile` is 32 floats of scratch for edge tiles (rows past M or
 * columns past N are computed into it, then the valid part is copied).
 */
export function gemmPacked(M: i32, N: i32, K: i32, ap: usize, bp: usize, c: usize, ldc: i32, accumulate: bool, tile: usize): void {
  const blocks = (M + MR - 1) / MR;
  const panels = (N + NR - 1) / NR;
  const ldcBytes = <usize>ldc * 4;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const acc = accumulate || k0 > 0;
    for (let p = 0; p < panels; p++) {
      const j0 = p * NR;
      const width = min(NR, N - j0);
      const bpanel = bp + <usize>(p * NR * K + k0 * NR) * 4;
      for (let q = 0; q < blocks; q++) {
        const i0 = q * MR;
        const height = min(MR, M - i0);
        const ablock = ap + <usize>(q * MR * K + k0 * MR) * 4;
        const cTile = c + <usize>(i0 * ldc + j0) * 4;
        if (width == NR && height == MR) {
          micro4x8(ablock, bpanel, kc, cTile, ldcBytes, acc);
        } else {
          // Edge tile: stage through `tile`, keeping C's values outside the valid part untouched.
          for (let i = 0; i < MR; i++) {
            for (let j = 0; j < NR; j++) {
              store<f32>(tile + <usize>(i * NR + j) * 4, i < height && j < width && acc ? load<f32>(cTile + <usize>(i * ldc + j) * 4) : 0);
            }
          }
          micro4x8(ablock, bpanel, kc, tile, NR * 4, true);
          for (let i = 0; i < height; i++) {
            for (let j = 0; j < width; j++) store<f32>(cTile + <usize>(i * ldc + j) * 4, load<f32>(tile + <usize>(i * NR + j) * 4));
          }
        }
      }
    }
  }
}

/**
 * The parallel form of `gemmPacked`: row blocks [begin, end) (of 4 rows) of C (+)= A·B, reading
 * its operands from a parameter block of i32 words:
 *   [0] M  [1] N  [2] K  [3] packed A  [4] packed B  [5] C  [6] ldc  [7] accumulate
 *   [8] tile scratch (32 floats per row block, so threads never share it)
 */
export function gemmRowBlocks(args: usize, begin: i32, end: i32): void {
  const M = load<i32>(args);
  const N = load<i32>(args, 4);
  const K = load<i32>(args, 8);
  const ap = <usize>load<i32>(args, 12);
  const bp = <usize>load<i32>(args, 16);
  const c = <usize>load<i32>(args, 20);
  const ldc = load<i32>(args, 24);
  const accumulate = load<i32>(args, 28) != 0;
  const tile = <usize>load<i32>(args, 32) + <usize>begin * MR * NR * 4;
  const i0 = begin * MR;
  const rows = min(M, end * MR) - i0;
  gemmPacked(rows, N, K, ap + <usize>(i0 * K) * 4, bp, c + <usize>(i0 * ldc) * 4, ldc, accumulate, tile);
}
