// Mutates a valid safetensors file thousands of times and decodes each mutant: every decode must
// either succeed with self-consistent tensors or throw a SafetensorsError — never another error
// type, never a hang, never an allocation sized by a lie in the header.
import { createCpuBackend, dispose, fromArray, numHandles, scalar, setBackend, zeros, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { SafetensorsError } from '../errors.js';
import { decodeSafetensors } from './decode.js';
import { encodeSafetensors } from './encode.js';
import { dataSection, headerText, safetensorsFile } from './test-files.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** mulberry32: a tiny seeded generator, so a failure reproduces. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20240607);
const below = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[below(items.length)]!;

const HOSTILE_DTYPES = ['F16', 'BF16', 'I64', 'U8', 'f32', '', 'F32 ', 'BOOL', 'F64', 'I32', 'F32', 7, null, ['F32'], {}];
const HOSTILE_SHAPES = [
  [-1], [1.5], [2 ** 53], [2 ** 31, 2 ** 31], [1e308], 'abc', [[1]], [], [0], [3], [2, 3], [0, 2 ** 53 - 1],
  new Array(64).fill(1), [2, -2], [null], [Number.MAX_SAFE_INTEGER, 2], [true],
];
const HOSTILE_OFFSETS = [
  [-1, 4], [4, 2], [0, 2 ** 64], [0], [0, 1, 2], 'x', [0, 1e308], [0, 0], [0, 24], [24, 48], [1.5, 3], [2 ** 53, 2 ** 53 + 8],
  [0, 4], [4, 8], [8, 16], null,
];
const HOSTILE_LENGTHS = [0n, 1n, 2n, 7n, 2n ** 31n, 2n ** 32n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];
const JSON_BYTES = [...new TextEncoder().encode('{}[]":,-.0123456789eE \\tfnu')];

type Mutation = (file: Uint8Array) => Uint8Array;

/** A random entry of the header object gets a hostile value in one field. */
function hostileField(file: Uint8Array): Uint8Array {
  const header = JSON.parse(headerText(file)) as Record<string, Record<string, unknown>>;
  const name = pick(Object.keys(header).filter((k) => k !== '__metadata__'));
  const field = pick(['dtype', 'shape', 'data_offsets', 'extra', 'remove'] as const);
  const target = header[name]!;
  if (field === 'dtype') target.dtype = pick(HOSTILE_DTYPES);
  else if (field === 'shape') target.shape = pick(HOSTILE_SHAPES);
  else if (field === 'data_offsets') target.data_offsets = pick(HOSTILE_OFFSETS);
  else if (field === 'extra') target.surprise = 1;
  // JSON.stringify leaves out undefined fields: this removes one.
  else target[pick(['dtype', 'shape', 'data_offsets'])] = undefined;
  return safetensorsFile(header, dataSection(file));
}

const mutations: Record<string, Mutation> = {
  truncate: (file) => file.slice(0, below(file.length)),
  flipBytes: (file) => {
    const mutant = file.slice();
    for (let n = 1 + below(4); n > 0; n--) {
      const at = below(mutant.length);
      mutant[at] = mutant[at]! ^ (1 + below(255));
    }
    return mutant;
  },
  headerByte: (file) => {
    const mutant = file.slice();
    mutant[8 + below(headerText(file).length)] = pick(JSON_BYTES);
    return mutant;
  },
  headerLength: (file) => {
    const mutant = file.slice();
    const real = BigInt(headerText(file).length);
    const declared = random() < 0.5 ? pick(HOSTILE_LENGTHS) : real + BigInt(below(17) - 8);
    new DataView(mutant.buffer).setBigUint64(0, declared < 0n ? 0n : declared, true);
    return mutant;
  },
  duplicateKey: (file) => {
    const header = headerText(file);
    const parsed = JSON.parse(header) as Record<string, unknown>;
    const name = pick(Object.keys(parsed));
    return safetensorsFile(`{${JSON.stringify(name)}:${JSON.stringify(parsed[name])},${header.slice(1)}`, dataSection(file));
  },
  hostileField,
  hostileMetadata: (file) => {
    const header = JSON.parse(headerText(file)) as Record<string, unknown>;
    header.__metadata__ = pick([[], 'x', 3, null, { a: 1 }, { a: { b: 'c' } }, { a: 'b' }]);
    return safetensorsFile(header, dataSection(file));
  },
  appendGarbage: (file) => {
    const mutant = new Uint8Array(file.length + 1 + below(64));
    mutant.set(file);
    for (let i = file.length; i < mutant.length; i++) mutant[i] = below(256);
    return mutant;
  },
  deepNesting: (file) => safetensorsFile(pick(['[', '{"a":', '[{"a":']).repeat(1 + below(50_000)), dataSection(file)),
};

/** A successful decode must describe real, readable data that fits in the file. */
function expectConsistent(tensors: Record<string, Tensor>, file: Uint8Array): void {
  let bytes = 0;
  for (const t of Object.values(tensors)) {
    expect(t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)).toBe(true);
    const data = t.dataSync();
    expect(data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
    bytes += data.byteLength;
    if (t.dtype === 'bool') expect(data.every((v) => v === 0 || v === 1)).toBe(true);
  }
  expect(bytes).toBeLessThanOrEqual(file.length);
}

describe('decodeSafetensors under fuzzing', () => {
  it('succeeds consistently or throws SafetensorsError on 4000 mutants, quickly', async () => {
    const valid = await encodeSafetensors(
      {
        weight: fromArray([[1, 2, 3], [4, 5, 6]]),
        bias: fromArray(new Float64Array([0.5, -0.5, 2])),
        ids: fromArray(new Int32Array([1, 2, 3, 4])),
        mask: fromArray([[true, false], [false, true]]),
        scalar: scalar(3),
        empty: zeros([0, 2]),
      },
      { format: 'fuzz' },
    );
    const handlesBefore = numHandles();
    const outcomes = new Map<string, { decoded: number; refused: number }>();
    let slowest = 0;
    for (let i = 0; i < 4000; i++) {
      const name = pick(Object.keys(mutations));
      const mutant = mutations[name]!(valid);
      const counts = outcomes.get(name) ?? { decoded: 0, refused: 0 };
      outcomes.set(name, counts);
      const started = performance.now();
      try {
        const { tensors } = decodeSafetensors(mutant);
        slowest = Math.max(slowest, performance.now() - started);
        expectConsistent(tensors, mutant);
        dispose(tensors);
        counts.decoded++;
      } catch (error) {
        slowest = Math.max(slowest, performance.now() - started);
        if (!(error instanceof SafetensorsError)) {
          throw new Error(`mutant ${i} (${name}) threw ${String(error)} instead of a SafetensorsError`, { cause: error });
        }
        counts.refused++;
      }
    }
    // Every kind of mutation was tried and refused at least once; byte flips in the data section
    // decode (they are valid values), so both outcomes occur.
    expect([...outcomes.values()].every((c) => c.refused > 0)).toBe(true);
    expect([...outcomes.values()].some((c) => c.decoded > 0)).toBe(true);
    expect(slowest).toBeLessThan(250);
    expect(numHandles()).toBe(handlesBefore);
  }, 20_000);
});
