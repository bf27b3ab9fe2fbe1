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
 * Narrow products (matrix-vector shapes, very common in RNN cells with small batches) skip
 * packing: copying B would cost as much as the product itself, and padding to MR rows would
 * multiply the work. They run dot products straight off the inputs instead.
 */

export type FloatArray = Float32Array | Float64Array;

// Register tile. Of 18 shapes measured on V8/x64 (Node 20), from 1×8 and 2×2 to 8×2, the
// 4×3, 3×4, 5×2 and 2×5 tiles tie at ≈6 GFLOP/s while 4×4 reaches ≈5.2: 12 accumulators plus
// one A and three B values roughly fill the 15 XMM registers V8 allocates, and 4×4's 21 live
// doubles spill more. Of the ties, 4×3 leaves power-of-two batch sizes (the usual M)
// unpadded. Packing and the micro-kernel are unrolled for exactly these values.
const MR = 4;
const NR = 3;
// Scalar JS is bound by instruction count rather than memory, so block sizes barely move the
// speed; a deep KC means each output is usually written once, from a double-precision sum.
const KC = 512;
const MC = 64;
// Caps the B pack at KC×NC doubles (≈2 MiB) however wide B is; a multiple of NR so only a
// matrix's last block has a partial panel.
const NC = 510;
// Up to this many rows (or columns) of C the direct path wins; measured crossover is at 8,
// where the blocked path has two full MR-row panels.
const NARROW = 7;
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
    multiplyNarrow(
      a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, out, outOffset, n, 1, m, n, k,
    );
  } else if (n <= NARROW) {
    // Cᵀ = op(B)ᵀ · op(A)ᵀ: the narrow side becomes the rows, and Cᵀ is stored column-major.
    multiplyNarrow(
      b, bOffset, bColStride, bRowStride, a, aOffset, aColStride, aRowStride, out, outOffset, 1, n, n, m, k,
    );
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

/**
 * Packs the kc×nc block of B at `src` into kc×NR column panels at dst[0…]. The last panel's
 * missing columns are zeroed rather than left stale: their results are discarded, but stale
 * subnormals would slow every multiply on x86.
 */
function packB(
  b: FloatArray, src: number, rowStride: number, colStride: number, kc: number, nc: number, dst: Float64Array,
): void {
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
      const c2 = 2 * colStride;
      let d = (j / NR) * panelSize;
      for (let p = 0; p < kc; p++) {
        dst[d] = b[s]!;
        dst[d + 1] = b[s + colStride]!;
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

/** Packs the mc×kc block of A at `src` into kc×MR row panels at dst[offset…], zero-padding as packB does. */
function packA(
  a: FloatArray, src: number, rowStride: number, colStride: number,
  mc: number, kc: number, dst: Float64Array, offset: number,
): void {
  let d = offset;
  for (let i = 0; i < mc; i += MR) {
    const mr = Math.min(MR, mc - i);
    let s = src + i * rowStride;
    if (mr === MR) {
      const r2 = 2 * rowStride;
      const r3 = 3 * rowStride;
      for (let p = 0; p < kc; p++) {
        dst[d] = a[s]!;
        dst[d + 1] = a[s + rowStride]!;
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
function storeTile(
  w: Float64Array, tile: number, out: FloatArray, o: number, n: number, mr: number, nr: number, first: boolean,
): void {
  for (let ii = 0; ii < mr; ii++) {
    const row = o + ii * n;
    const t = tile + ii * NR;
    if (first) for (let jj = 0; jj < nr; jj++) out[row + jj] = w[t + jj]!;
    else for (let jj = 0; jj < nr; jj++) out[row + jj] = out[row + jj]! + w[t + jj]!;
  }
}

/**
 * Direct path for at most NARROW rows of C (C(i,j) goes to out[outOffset + i*outRowStride + j*outColStride]).
 * Rows of op(A) are copied to doubles two at a time and dotted with a few columns of op(B) read
 * in place, so each B element fetched serves both rows. B is taken in DOT_KC-row blocks so the
 * cache lines of a row-major B touched for one column group are still in L1 for the next.
 */
function multiplyNarrow(
  a: FloatArray, aOffset: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bRowStride: number, bColStride: number,
  out: FloatArray, outOffset: number, outRowStride: number, outColStride: number,
  m: number, n: number, k: number,
): void {
  const acc = 2 * k;
  const w = scratchOf(acc + 2 * n);
  for (let i = 0; i < m; i += 2) {
    const rows = Math.min(2, m - i);
    for (let r = 0; r < rows; r++) {
      const src = aOffset + (i + r) * aRowStride;
      for (let p = 0; p < k; p++) w[r * k + p] = a[src + p * aColStride]!;
    }
    for (let p0 = 0; p0 < k; p0 += DOT_KC) {
      const src = bOffset + p0 * bRowStride;
      const p1 = Math.min(k, p0 + DOT_KC);
      if (rows === 2) dotRowPair(w, k, b, src, bRowStride, bColStride, p0, p1, acc, n);
      else dotRow(w, b, src, bRowStride, bColStride, p0, p1, acc, n);
    }
    for (let r = 0; r < rows; r++) {
      const o = outOffset + (i + r) * outRowStride;
      const t = acc + r * n;
      for (let j = 0; j < n; j++) out[o + j * outColStride] = w[t + j]!;
    }
  }
}

/**
 * For rows x = w[0…k) and y = w[k…2k): adds (or, for the first K-block, writes) Σₚ x[p]·B(p, j)
 * into w[acc + j] and Σₚ y[p]·B(p, j) into w[acc + n + j] over p ∈ [p0, p1), for every column j;
 * `src` addresses B(p0, 0). A 2×4 register tile: 8 accumulators, 6 loads per step.
 */
function dotRowPair(
  w: Float64Array, k: number, b: FloatArray, src: number, rowStride: number, colStride: number,
  p0: number, p1: number, acc: number, n: number,
): void {
  const first = p0 === 0;
  const c2 = 2 * colStride, c3 = 3 * colStride;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let x0 = 0, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
    let s = src + j * colStride;
    for (let p = p0; p < p1; p++) {
      const x = w[p]!, y = w[k + p]!;
      const b0 = b[s]!, b1 = b[s + colStride]!, b2 = b[s + c2]!, b3 = b[s + c3]!;
      x0 += x * b0; x1 += x * b1; x2 += x * b2; x3 += x * b3;
      y0 += y * b0; y1 += y * b1; y2 += y * b2; y3 += y * b3;
      s += rowStride;
    }
    const ox = acc + j, oy = ox + n;
    if (!first) {
      x0 += w[ox]!; x1 += w[ox + 1]!; x2 += w[ox + 2]!; x3 += w[ox + 3]!;
      y0 += w[oy]!; y1 += w[oy + 1]!; y2 += w[oy + 2]!; y3 += w[oy + 3]!;
    }
    w[ox] = x0; w[ox + 1] = x1; w[ox + 2] = x2; w[ox + 3] = x3;
    w[oy] = y0; w[oy + 1] = y1; w[oy + 2] = y2; w[oy + 3] = y3;
  }
  for (; j < n; j++) {
    let x0 = 0, y0 = 0;
    let s = src + j * colStride;
    for (let p = p0; p < p1; p++) {
      const bj = b[s]!;
      x0 += w[p]! * bj;
      y0 += w[k + p]! * bj;
      s += rowStride;
    }
    const ox = acc + j, oy = ox + n;
    w[ox] = first ? x0 : w[ox]! + x0;
    w[oy] = first ? y0 : w[oy]! + y0;
  }
}

/**
 * The single-row form of dotRowPair for the row x = w[0…k), used for m = 1 and an odd last
 * row; a 1×8 tile keeps enough independent sums in flight to hide the add latency.
 */
function dotRow(
  w: Float64Array, b: FloatArray, src: number, rowStride: number, colStride: number,
  p0: number, p1: number, acc: number, n: number,
): void {
  const first = p0 === 0;
  const c2 = 2 * colStride, c3 = 3 * colStride, c4 = 4 * colStride;
  const c5 = 5 * colStride, c6 = 6 * colStride, c7 = 7 * colStride;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0, x6 = 0, x7 = 0;
    let s = src + j * colStride;
    for (let p = p0; p < p1; p++) {
      const x = w[p]!;
      x0 += x * b[s]!; x1 += x * b[s + colStride]!; x2 += x * b[s + c2]!; x3 += x * b[s + c3]!;
      x4 += x * b[s + c4]!; x5 += x * b[s + c5]!; x6 += x * b[s + c6]!; x7 += x * b[s + c7]!;
      s += rowStride;
    }
    const o = acc + j;
    if (!first) {
      x0 += w[o]!; x1 += w[o + 1]!; x2 += w[o + 2]!; x3 += w[o + 3]!;
      x4 += w[o + 4]!; x5 += w[o + 5]!; x6 += w[o + 6]!; x7 += w[o + 7]!;
    }
    w[o] = x0; w[o + 1] = x1; w[o + 2] = x2; w[o + 3] = x3;
    w[o + 4] = x4; w[o + 5] = x5; w[o + 6] = x6; w[o + 7] = x7;
  }
  for (; j < n; j++) {
    let x0 = 0;
    let s = src + j * colStride;
    for (let p = p0; p < p1; p++) {
      x0 += w[p]! * b[s]!;
      s += rowStride;
    }
    w[acc + j] = first ? x0 : w[acc + j]! + x0;
  }
}
