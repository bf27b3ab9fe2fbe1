/**
 * Float32/float64 matrix product for the pure-TypeScript cpu backend.
 *
 * Wide products use the GotoBLAS/BLIS blocking (Goto & van de Geijn, "Anatomy of
 * High-Performance Matrix Multiplication", TOMS 2008): B is packed per NC×KC block into
 * contiguous KC×NR column panels, A per MC×KC block into KC×MR row panels, and an MR×NR
 * register-tile micro-kernel walks a pair of panels. Packing turns every stride/transpose
 * combination into unit-stride reads, and since the packs are always Float64Array the
 * micro-kernel only ever sees one element kind, so V8 keeps it monomorphic for both
 * dtypes (a function fed Float32Array and Float64Array deoptimises into slow polymorphic
 * loads). Only the O(mk + kn + mn) packing and stores touch the caller's arrays.
 *
 * Narrow products (matrix-vector shapes, very common in RNN cells with batch 1) skip
 * packing, whose zero-padding to MR rows would multiply the work, and run dot products
 * straight off the inputs.
 */

export type FloatArray = Float32Array | Float64Array;

// 4×3 measured fastest on V8/x64 among 2×2…8×2 shapes: its 12 accumulators plus one A and
// three B values fit the 15 allocatable XMM registers with few spills, whereas 4×4 spills
// 8 accumulators per iteration. MR = 4 also matches power-of-two batch sizes without padding.
const MR = 4;
const NR = 3;
// JS is bound by instruction count, not memory, so cache blocking matters little; a deep KC
// means each output is usually written once, accumulated entirely in double precision.
const KC = 512;
const MC = 64;
// Bounds the B pack to KC×NC doubles (2 MiB) so the scratch stays in L2/L3 for wide N.
const NC = 510;
// Up to this many output rows (or columns), the direct dot-product path beats packing.
const NARROW = 4;
// Columns per register block in the direct path, and its K-block, sized so the strided
// rows of a row-major B that one block touches stay in L1 while the next columns reuse them.
const DOT_COLS = 8;
const DOT_KC = 256;

// Grow-only scratch shared by all calls, so steady shapes allocate nothing.
let scratch = new Float64Array(0);

function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(size);
  return scratch;
}

/**
 * C = op(A) · op(B) for one matrix pair, written (not accumulated) into `out` at `outOffset`, row-major M×N.
 * A(i,k) = a[aOffset + i*aRowStride + k*aColStride]; B(k,j) = b[bOffset + k*bRowStride + j*bColStride].
 * (No transpose: aRowStride=K, aColStride=1. Transposed A stored [K,M]: aRowStride=1, aColStride=M. Same for B.)
 */
export function matmulKernel(
  a: FloatArray, aOffset: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bRowStride: number, bColStride: number,
  out: FloatArray, outOffset: number,
  m: number, n: number, k: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    out.fill(0, outOffset, outOffset + m * n);
    return;
  }
  if (m <= NARROW && m <= n) {
    multiplyNarrow(a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, out, outOffset, n, 1, m, n, k);
  } else if (n <= NARROW) {
    // Cᵀ = op(B)ᵀ · op(A)ᵀ: the narrow side becomes the rows, and Cᵀ is stored column-major.
    multiplyNarrow(b, bOffset, bColStride, bRowStride, a, aOffset, aColStride, aRowStride, out, outOffset, 1, n, n, m, k);
  } else {
    multiplyBlocked(a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, out, outOffset, m, n, k);
  }
}

function multiplyBlocked(
  a: FloatArray, aOffset: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bRowStride: number, bColStride: number,
  out: FloatArray, outOffset: number,
  m: number, n: number, k: number,
): void {
  const kcMax = Math.min(KC, k);
  const ncMax = Math.ceil(Math.min(NC, n) / NR) * NR;
  const mcMax = Math.ceil(Math.min(MC, m) / MR) * MR;
  const aPack = kcMax * ncMax;
  const tile = aPack + kcMax * mcMax;
  const w = scratchOf(tile + MR * NR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const first = pc === 0;
      packB(b, bOffset + pc * bRowStride + jc * bColStride, bRowStride, bColStride, kc, nc, w);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, aOffset + ic * aRowStride + pc * aColStride, aRowStride, aColStride, mc, kc, w, aPack);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel(w, aPack + ir * kc, jr * kc, kc, tile);
            storeTile(w, tile, out, outOffset + (ic + ir) * n + jc + jr, n, Math.min(MR, mc - ir), nr, first);
          }
        }
      }
    }
  }
}

/** Packs the kc×nc block of B at `src` into KC×NR column panels at dst[0…], zero-padding the last panel. */
function packB(b: FloatArray, src: number, rowStride: number, colStride: number, kc: number, nc: number, dst: Float64Array): void {
  const panelSize = kc * NR;
  const full = nc - (nc % NR);
  if (colStride === 1) {
    // Row-major B: walk each row contiguously and scatter into panels, instead of striding
    // down KC rows per panel, which crosses a page on every element for wide matrices.
    for (let p = 0; p < kc; p++) {
      const row = src + p * rowStride;
      let d = p * NR;
      for (let j = 0; j < full; j += NR) {
        dst[d] = b[row + j]!;
        dst[d + 1] = b[row + j + 1]!;
        dst[d + 2] = b[row + j + 2]!;
        d += panelSize;
      }
    }
  } else {
    for (let j = 0; j < full; j += NR) {
      let s = src + j * colStride;
      const c1 = colStride;
      const c2 = 2 * colStride;
      let d = (j / NR) * panelSize;
      for (let p = 0; p < kc; p++) {
        dst[d] = b[s]!;
        dst[d + 1] = b[s + c1]!;
        dst[d + 2] = b[s + c2]!;
        s += rowStride;
        d += NR;
      }
    }
  }
  if (full < nc) {
    let d = (full / NR) * panelSize;
    for (let p = 0; p < kc; p++) {
      const s = src + p * rowStride + full * colStride;
      for (let jj = 0; jj < NR; jj++) dst[d + jj] = full + jj < nc ? b[s + jj * colStride]! : 0;
      d += NR;
    }
  }
}

/** Packs the mc×kc block of A at `src` into KC×MR row panels at dst[offset…], zero-padding the last panel. */
function packA(
  a: FloatArray, src: number, rowStride: number, colStride: number,
  mc: number, kc: number, dst: Float64Array, offset: number,
): void {
  let d = offset;
  for (let i = 0; i < mc; i += MR) {
    const mr = Math.min(MR, mc - i);
    let s = src + i * rowStride;
    if (mr === MR) {
      const r1 = rowStride;
      const r2 = 2 * rowStride;
      const r3 = 3 * rowStride;
      for (let p = 0; p < kc; p++) {
        dst[d] = a[s]!;
        dst[d + 1] = a[s + r1]!;
        dst[d + 2] = a[s + r2]!;
        dst[d + 3] = a[s + r3]!;
        s += colStride;
        d += MR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) dst[d + ii] = ii < mr ? a[s + ii * rowStride]! : 0;
        s += colStride;
        d += MR;
      }
    }
  }
}

/**
 * The MR×NR register tile: C[0:4, 0:3] = Σₚ Apanel[p] ⊗ Bpanel[p] over kc steps, both panels
 * in `w`; the tile is written row-major at w[tile…]. Scalar locals are what V8 keeps in registers.
 */
function microKernel(w: Float64Array, ai: number, bi: number, kc: number, tile: number): void {
  let c00 = 0, c01 = 0, c02 = 0;
  let c10 = 0, c11 = 0, c12 = 0;
  let c20 = 0, c21 = 0, c22 = 0;
  let c30 = 0, c31 = 0, c32 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = w[bi]!, b1 = w[bi + 1]!, b2 = w[bi + 2]!;
    let x = w[ai]!;
    c00 += x * b0; c01 += x * b1; c02 += x * b2;
    x = w[ai + 1]!;
    c10 += x * b0; c11 += x * b1; c12 += x * b2;
    x = w[ai + 2]!;
    c20 += x * b0; c21 += x * b1; c22 += x * b2;
    x = w[ai + 3]!;
    c30 += x * b0; c31 += x * b1; c32 += x * b2;
    ai += MR;
    bi += NR;
  }
  w[tile] = c00; w[tile + 1] = c01; w[tile + 2] = c02;
  w[tile + 3] = c10; w[tile + 4] = c11; w[tile + 5] = c12;
  w[tile + 6] = c20; w[tile + 7] = c21; w[tile + 8] = c22;
  w[tile + 9] = c30; w[tile + 10] = c31; w[tile + 11] = c32;
}

/** Writes (first K-block) or adds (later K-blocks) the valid mr×nr corner of the tile into C. */
function storeTile(w: Float64Array, tile: number, out: FloatArray, o: number, n: number, mr: number, nr: number, first: boolean): void {
  for (let ii = 0; ii < mr; ii++) {
    const row = o + ii * n;
    const t = tile + ii * NR;
    if (first) for (let jj = 0; jj < nr; jj++) out[row + jj] = w[t + jj]!;
    else for (let jj = 0; jj < nr; jj++) out[row + jj] += w[t + jj]!;
  }
}

/**
 * Direct path for m ≤ NARROW rows: each row of op(A) is copied to doubles, then dotted with
 * DOT_COLS columns of op(B) at a time, read in place. C(i,j) goes to out[outOffset + i*outRowStride + j*outColStride].
 */
function multiplyNarrow(
  a: FloatArray, aOffset: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bRowStride: number, bColStride: number,
  out: FloatArray, outOffset: number, outRowStride: number, outColStride: number,
  m: number, n: number, k: number,
): void {
  const w = scratchOf(k + n);
  for (let i = 0; i < m; i++) {
    const aRow = aOffset + i * aRowStride;
    for (let p = 0; p < k; p++) w[p] = a[aRow + p * aColStride]!;
    for (let p0 = 0; p0 < k; p0 += DOT_KC) {
      dotBlock(w, b, bOffset + p0 * bRowStride, bRowStride, bColStride, p0, Math.min(k, p0 + DOT_KC), k, n);
    }
    const o = outOffset + i * outRowStride;
    for (let j = 0; j < n; j++) out[o + j * outColStride] = w[k + j]!;
  }
}

/**
 * Adds (or, for the first K-block, writes) Σₚ w[p]·B(p, j) over p ∈ [p0, p1) into w[acc + j]
 * for every column j; `src` addresses B(p0, 0).
 */
function dotBlock(
  w: Float64Array, b: FloatArray, src: number, rowStride: number, colStride: number,
  p0: number, p1: number, acc: number, n: number,
): void {
  const first = p0 === 0;
  const c2 = 2 * colStride, c3 = 3 * colStride, c4 = 4 * colStride;
  const c5 = 5 * colStride, c6 = 6 * colStride, c7 = 7 * colStride;
  let j = 0;
  for (; j + DOT_COLS <= n; j += DOT_COLS) {
    let d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0;
    let s = src + j * colStride;
    for (let p = p0; p < p1; p++) {
      const x = w[p]!;
      d0 += x * b[s]!; d1 += x * b[s + colStride]!; d2 += x * b[s + c2]!; d3 += x * b[s + c3]!;
      d4 += x * b[s + c4]!; d5 += x * b[s + c5]!; d6 += x * b[s + c6]!; d7 += x * b[s + c7]!;
      s += rowStride;
    }
    const o = acc + j;
    if (!first) {
      d0 += w[o]!; d1 += w[o + 1]!; d2 += w[o + 2]!; d3 += w[o + 3]!;
      d4 += w[o + 4]!; d5 += w[o + 5]!; d6 += w[o + 6]!; d7 += w[o + 7]!;
    }
    w[o] = d0; w[o + 1] = d1; w[o + 2] = d2; w[o + 3] = d3;
    w[o + 4] = d4; w[o + 5] = d5; w[o + 6] = d6; w[o + 7] = d7;
  }
  for (; j < n; j++) {
    let d = 0;
    let s = src + j * colStride;
    for (let p = p0; p < p1; p++) {
      d += w[p]! * b[s]!;
      s += rowStride;
    }
    w[acc + j] = first ? d : w[acc + j]! + d;
  }
}
