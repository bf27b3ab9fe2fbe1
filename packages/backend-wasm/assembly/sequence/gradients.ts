// The fused backward pass, phase 2: every weight gradient is one sum over all T·B rows of the
// planes phase 1 left — dW = dGatesᵀ·X (a product), db = Σ dGates (column sums), a peephole's
// Σ dGates ⊙ c (column sums of products). The caller lists them as tasks; the work items are each
// task's gradient columns in blocks of 4 (one 4-row block of the result), so threads split
// them with nothing shared. Both operands are read in place, row by row: a block of 4 gradient
// columns is one f32x4 per row, so Gᵀ needs no transposing copy.
import { madd } from '../simd';
import { ld, st, zero } from './lanes';

/** out[n, k] = Gᵀ·A. */
const PRODUCT: i32 = 0;
/** out[n] = Σ_rows G. */
const COLUMN_SUMS: i32 = 1;
/** out[n] = Σ_rows G ⊙ A (A n wide). */
const PRODUCT_SUMS: i32 = 2;

/** Rows per pass over a block, so its strip of G stays in L1 while the 8-column panels of A go by. */
const KC: i32 = 256;

/**
 * The phase 2 block: [0] task count  [1] rows (T·B), then 8 words per task:
 *   [0] kind  [1] n: columns of G, rows of the result  [2] G  [3] ldG  [4] A  [5] ldA
 *   [6] k: columns of A (PRODUCT)  [7] out (row-major, k wide for PRODUCT)
 * (src/sequence/backward.ts writes them.)
 */
@unmanaged class Task {
  kind: i32;
  n: i32;
  g: usize;
  ldg: i32;
  a: usize;
  lda: i32;
  k: i32;
  out: usize;
}

const HEADER: usize = 8;
const TASK_BYTES: usize = 32;

/** out[j0 + i, c0 + c] (+)= Σ_{r ∈ [r0, r0 + kc)} G[r, j0 + i]·A[r, c0 + c] for a full 4×8 tile. */
function tile4x8(t: Task, r0: i32, kc: i32, j0: i32, c0: i32, accumulate: bool): void {
  const ldgBytes = <usize>t.ldg << 2;
  const ldaBytes = <usize>t.lda << 2;
  let g = t.g + ((<usize>r0 * <usize>t.ldg + <usize>j0) << 2);
  let x = t.a + ((<usize>r0 * <usize>t.lda + <usize>c0) << 2);
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let r = 0; r < kc; r++) {
    const b0 = v128.load(x);
    const b1 = v128.load(x, 16);
    let s = v128.load32_splat(g);
    c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
    s = v128.load32_splat(g, 4);
    c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
    s = v128.load32_splat(g, 8);
    c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
    s = v128.load32_splat(g, 12);
    c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
    g += ldgBytes;
    x += ldaBytes;
  }
  const ldoBytes = <usize>t.k << 2;
  const o = t.out + ((<usize>j0 * <usize>t.k + <usize>c0) << 2);
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(o)); c01 = f32x4.add(c01, v128.load(o, 16));
    c10 = f32x4.add(c10, v128.load(o + ldoBytes)); c11 = f32x4.add(c11, v128.load(o + ldoBytes, 16));
    c20 = f32x4.add(c20, v128.load(o + 2 * ldoBytes)); c21 = f32x4.add(c21, v128.load(o + 2 * ldoBytes, 16));
    c30 = f32x4.add(c30, v128.load(o + 3 * ldoBytes)); c31 = f32x4.add(c31, v128.load(o + 3 * ldoBytes, 16));
  }
  v128.store(o, c00); v128.store(o, c01, 16);
  v128.store(o + ldoBytes, c10); v128.store(o + ldoBytes, c11, 16);
  v128.store(o + 2 * ldoBytes, c20); v128.store(o + 2 * ldoBytes, c21, 16);
  v128.store(o + 3 * ldoBytes, c30); v128.store(o + 3 * ldoBytes, c31, 16);
}

/** The same for an edge tile (height < 4 or width < 8), one element at a time. */
function edgeTile(t: Task, r0: i32, kc: i32, j0: i32, height: i32, c0: i32, width: i32, accumulate: bool): void {
  for (let i = 0; i < height; i++) {
    for (let c = 0; c < width; c++) {
      let sum: f32 = 0;
      for (let r = r0; r < r0 + kc; r++) {
        sum += load<f32>(t.g + ((<usize>r * <usize>t.ldg + <usize>(j0 + i)) << 2)) * load<f32>(t.a + ((<usize>r * <usize>t.lda + <usize>(c0 + c)) << 2));
      }
      const o = t.out + ((<usize>(j0 + i) * <usize>t.k + <usize>(c0 + c)) << 2);
      store<f32>(o, accumulate ? load<f32>(o) + sum : sum);
    }
  }
}

/** Result rows [4·from, 4·to) of a PRODUCT task. */
function productBlocks(t: Task, rows: i32, from: i32, to: i32): void {
  if (rows == 0) {
    for (let q = from; q < to; q++) {
      const j0 = q * 4;
      zero(t.out + ((<usize>j0 * <usize>t.k) << 2), min(4, t.n - j0) * t.k);
    }
    return;
  }
  for (let r0 = 0; r0 < rows; r0 += KC) {
    const kc = min(KC, rows - r0);
    const accumulate = r0 > 0;
    for (let q = from; q < to; q++) {
      const j0 = q * 4;
      const height = min(4, t.n - j0);
      for (let c0 = 0; c0 < t.k; c0 += 8) {
        const width = min(8, t.k - c0);
        if (height == 4 && width == 8) tile4x8(t, r0, kc, j0, c0, accumulate);
        else edgeTile(t, r0, kc, j0, height, c0, width, accumulate);
      }
    }
  }
}

/** Entries [4q, 4q + 4) of a COLUMN_SUMS or PRODUCT_SUMS task. */
function sumsBlock(t: Task, rows: i32, q: i32): void {
  const j0 = q * 4;
  const width = min(4, t.n - j0);
  const products = t.kind == PRODUCT_SUMS;
  let sum = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    let v = ld(t.g + ((<usize>r * <usize>t.ldg + <usize>j0) << 2), width);
    if (products) v = f32x4.mul(v, ld(t.a + ((<usize>r * <usize>t.lda + <usize>j0) << 2), width));
    sum = f32x4.add(sum, v);
  }
  st(t.out + (<usize>j0 << 2), sum, width);
}

/** Phase 2 over work items [begin, end); `args` is the block described above. */
export function sequenceWeightGradients(args: usize, begin: i32, end: i32): void {
  const count = load<i32>(args);
  const rows = load<i32>(args, 4);
  let first = 0;
  for (let i = 0; i < count && first < end; i++) {
    const t = changetype<Task>(args + HEADER + <usize>i * TASK_BYTES);
    const items = (t.n + 3) / 4;
    const from = max(begin, first) - first;
    const to = min(end, first + items) - first;
    first += items;
    if (from >= to) continue;
    if (t.kind == PRODUCT) productBlocks(t, rows, from, to);
    else for (let q = from; q < to; q++) sumsBlock(t, rows, q);
  }
}
