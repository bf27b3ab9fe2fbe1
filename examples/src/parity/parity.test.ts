import { createCpuBackend, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainParity } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
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
