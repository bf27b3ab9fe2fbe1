/**
 * Test helper for the fuzz tests of every format: a seeded random source, so each failure names
 * a seed that replays it, and the byte-level mutations they share (truncation, bit flips,
 * overwrites, 0xff runs that turn sizes into huge ones, inserted garbage, duplicated ranges,
 * splices from another file).
 */

export interface SeededRandom {
  /** Uniform in [0, 1). */
  readonly next: () => number;
  /** Uniform integer in [0, n). */
  readonly int: (n: number) => number;
  readonly pick: <T>(list: readonly T[]) => T;
}

/** mulberry32: tiny, fast and good enough to pick mutations. */
export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)]! };
}

/** A mutant of `bytes`; `other` is another valid file of the format, for splices. */
export type ByteMutation = (r: SeededRandom, bytes: Uint8Array, other: Uint8Array) => Uint8Array;

const randomBytes = (r: SeededRandom, n: number): Uint8Array => Uint8Array.from({ length: n }, () => r.int(256));

export const BYTE_MUTATIONS: Readonly<Record<string, ByteMutation>> = {
  truncate: (r, b) => b.slice(0, r.int(b.length)),
  flipBits: (r, b) => {
    const out = b.slice();
    for (let k = 1 + r.int(8); k > 0; k--) out[r.int(out.length)]! ^= 1 << r.int(8);
    return out;
  },
  /** Bytes that make lengths, counts and offsets zero, negative or huge. */
  overwrite: (r, b) => {
    const out = b.slice();
    for (let k = 1 + r.int(16); k > 0; k--) out[r.int(out.length)] = r.pick([0, 0xff, 0x7f, 0x80, r.int(256)]);
    return out;
  },
  saturate: (r, b) => {
    const out = b.slice();
    const start = r.int(out.length);
    out.fill(0xff, start, start + 1 + r.int(8));
    return out;
  },
  insert: (r, b) => {
    const at = r.int(b.length);
    return Uint8Array.from([...b.subarray(0, at), ...randomBytes(r, 1 + r.int(64)), ...b.subarray(at)]);
  },
  duplicate: (r, b) => {
    const from = r.int(b.length);
    const to = Math.min(b.length, from + 1 + r.int(200));
    const at = r.int(b.length);
    return Uint8Array.from([...b.subarray(0, at), ...b.subarray(from, to), ...b.subarray(at)]);
  },
  splice: (r, b, other) => {
    const cut = r.int(b.length);
    const from = r.int(other.length);
    return Uint8Array.from([...b.subarray(0, cut), ...other.subarray(from, from + r.int(400)), ...b.subarray(cut + r.int(100))]);
  },
};

/** One mutation, chosen by `r`, with its name for the failure message. */
export function mutateBytes(r: SeededRandom, bytes: Uint8Array, other: Uint8Array = bytes): { readonly name: string; readonly bytes: Uint8Array } {
  const name = r.pick(Object.keys(BYTE_MUTATIONS));
  return { name, bytes: BYTE_MUTATIONS[name]!(r, bytes, other) };
}
