import { createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { parityExamples } from './data.js';
import { trainParity } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('parityExamples', () => {
  it('labels each bit string with its count of ones modulo the modulus, lengths within the range', () => {
    for (const modulus of [2, 3]) {
      const { sequences, labels } = parityExamples(new Generator(5), { count: 200, minLength: 3, maxLength: 9, modulus });
      expect(sequences).toHaveLength(200);
      sequences.forEach((bits, i) => {
        expect(bits.length).toBeGreaterThanOrEqual(3);
        expect(bits.length).toBeLessThanOrEqual(9);
        expect(bits.every((b) => b === 0 || b === 1)).toBe(true);
        expect(labels[i]).toBe(bits.reduce((s, b) => s + b, 0) % modulus);
      });
      expect(new Set(sequences.map((s) => s.length)).size).toBe(7);
      expect(new Set(labels).size).toBe(modulus);
    }
  });
});

describe('trainParity', () => {
  it('a GRU learns parity of 2–10 bits and carries it to 11–20 bits, leaking no tensors', async () => {
    const before = numHandles();
    const result = await trainParity({ minLength: 2, maxLength: 10, longestTestLength: 20, steps: 500, evalEvery: 250, testPerLength: 20 });
    expect(numHandles()).toBe(before);
    expect(result.evaluations.map((e) => e.step)).toEqual([250, 500]);
    expect(result.majorityAccuracy).toBeLessThan(0.6);
    expect(result.finalAccuracy).toBeGreaterThan(0.95);
    expect(result.finalLongerAccuracy).toBeGreaterThan(0.8);
    expect(Object.keys(result.accuracyByLength).map(Number)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
  });
});
