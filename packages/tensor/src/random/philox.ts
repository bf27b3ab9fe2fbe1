/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
 * counter-based generator PyTorch and JAX use on GPUs: block `c` under key `k` is a pure
 * function, so any backend can compute element `i` independently and all agree bit for bit.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers, exactly. */
function mulhi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lolo = aLo * bLo;
  const lohi = aLo * bHi;
  const hilo = aHi * bLo;
  const mid = (lolo >>> 16) + (lohi & 0xffff) + (hilo & 0xffff);
  return (aHi * bHi + (lohi >>> 16) + (hilo >>> 16) + (mid >>> 16)) >>> 0;
}

/** The full Philox4x32-10 bijection of a 128-bit counter under a 64-bit key, into `out`. */
export function philox4x32(
  counter: readonly [number, number, number, number],
  key: readonly [number, number],
  out: Uint32Array,
): void {
  let [c0, c1, c2, c3] = counter;
  let [k0, k1] = key;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** Block `counter` (an integer below 2^53; the upper counter words are zero) under `key`. */
export function philoxBlock(key0: number, key1: number, counter: number, out: Uint32Array): void {
  philox4x32([counter >>> 0, Math.floor(counter / 0x100000000) >>> 0, 0, 0], [key0 >>> 0, key1 >>> 0], out);
}

/** A word as a uniform number in [0, 1) with 24 random bits: exact in float32 and float64. */
export const unitFloat = (word: number): number => (word >>> 8) * 5.960464477539063e-8;
