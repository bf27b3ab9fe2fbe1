export type FloatArray = Float32Array | Float64Array;

const MR = 2;
const NR = 4;
let KC = 256;
let MC = 64;
export function setBlocks(kc: number, mc: number): void { KC = kc; MC = mc; }

let packA = new Float64Array(0);
let packB = new Float64Array(0);
const tile = new Float64Array(MR * NR);

function micro(ap: Float64Array, ai: number, bp: Float64Array, bi: number, kc: number, t: Float64Array): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = bp[bi + 0]!, b1 = bp[bi + 1]!, b2 = bp[bi + 2]!, b3 = bp[bi + 3]!;
    let a = ap[ai + 0]!;
    c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
    a = ap[ai + 1]!;
    c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
    ai += 2; bi += 4;
  }
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
  t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
}

function packBlockB(b: FloatArray, off: number, rs: number, cs: number, pc: number, kc: number, n: number, dst: Float64Array): void {
  let d = 0;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const nr = Math.min(NR, n - j0);
    for (let p = 0; p < kc; p++) {
      const s = off + (pc + p) * rs + j0 * cs;
      for (let jj = 0; jj < nr; jj++) dst[d + jj] = b[s + jj * cs]!;
      for (let jj = nr; jj < NR; jj++) dst[d + jj] = 0;
      d += NR;
    }
  }
}

function packBlockA(a: FloatArray, off: number, rs: number, cs: number, ic: number, mc: number, pc: number, kc: number, dst: Float64Array): void {
  let d = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const mr = Math.min(MR, mc - i0);
    for (let p = 0; p < kc; p++) {
      const s = off + (ic + i0) * rs + (pc + p) * cs;
      for (let ii = 0; ii < mr; ii++) dst[d + ii] = a[s + ii * rs]!;
      for (let ii = mr; ii < MR; ii++) dst[d + ii] = 0;
      d += MR;
    }
  }
}

function storeTile(t: Float64Array, out: FloatArray, o: number, n: number, mr: number, nr: number, first: boolean): void {
  for (let ii = 0; ii < mr; ii++) {
    const r = o + ii * n;
    const ti = ii * NR;
    if (first) for (let jj = 0; jj < nr; jj++) out[r + jj] = t[ti + jj]!;
    else for (let jj = 0; jj < nr; jj++) out[r + jj] += t[ti + jj]!;
  }
}

export function matmulKernel(
  a: FloatArray, aOffset: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bRowStride: number, bColStride: number,
  out: FloatArray, outOffset: number,
  m: number, n: number, k: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) { out.fill(0, outOffset, outOffset + m * n); return; }
  const np = Math.ceil(n / NR) * NR;
  const kcMax = Math.min(KC, k);
  if (packB.length < kcMax * np) packB = new Float64Array(kcMax * np);
  const mcMax = Math.ceil(Math.min(MC, m) / MR) * MR;
  if (packA.length < kcMax * mcMax) packA = new Float64Array(kcMax * mcMax);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    packBlockB(b, bOffset, bRowStride, bColStride, pc, kc, n, packB);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = Math.min(MC, m - ic);
      packBlockA(a, aOffset, aRowStride, aColStride, ic, mc, pc, kc, packA);
      for (let j0 = 0; j0 < n; j0 += NR) {
        const nr = Math.min(NR, n - j0);
        const bi = j0 * kc;
        for (let i0 = 0; i0 < mc; i0 += MR) {
          micro(packA, i0 * kc, packB, bi, kc, tile);
          storeTile(tile, out, outOffset + (ic + i0) * n + j0, n, Math.min(MR, mc - i0), nr, pc === 0);
        }
      }
    }
  }
}
