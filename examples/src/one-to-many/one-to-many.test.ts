import { createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditioningVector, sampleWaves, waveBatch } from './data.js';
import { trainOneToMany } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const range = { minFrequency: 0.1, maxFrequency: 0.6 };

describe('wave data', () => {
  it('starts every wave at sin φ and advances it by ω per step, time-major', () => {
    const waves = sampleWaves(new Generator(2), 4, range);
    const { conditions, targets } = waveBatch(waves, 6, range);
    waves.forEach(({ frequency, phase }, b) => {
      expect(frequency).toBeGreaterThanOrEqual(0.1);
      expect(frequency).toBeLessThan(0.6);
      expect(targets[b]).toBeCloseTo(Math.sin(phase), 6);
      expect(targets[5 * 4 + b]).toBeCloseTo(Math.sin(5 * frequency + phase), 6);
      expect(Array.from(conditions.subarray(b * 3, b * 3 + 3))).toEqual(conditioningVector(waves[b]!, range).map(Math.fround));
    });
  });

  it('encodes the range ends as −1 and 1 and the phase on the unit circle', () => {
    const expectClose = (actual: number[], expected: number[]): void => {
      actual.forEach((v, i) => {
        expect(v).toBeCloseTo(expected[i]!, 12);
      });
    };
    expectClose(conditioningVector({ frequency: 0.1, phase: 0 }, range), [-1, 1, 0]);
    expectClose(conditioningVector({ frequency: 0.6, phase: Math.PI / 2 }, range), [1, 0, 1]);
    expectClose(conditioningVector({ frequency: 0.35, phase: Math.PI }, range), [0, -1, 0]);
  });
});

describe('trainOneToMany', () => {
  it('a GRU decoder generates held-out waves far better than silence within 200 steps, leaking no tensors', async () => {
    const before = numHandles();
    const result = await trainOneToMany({ length: 24, hiddenSize: 32, steps: 200, evalEvery: 100, testSize: 100 });
    expect(numHandles()).toBe(before);
    expect(result.zeroMse).toBeGreaterThan(0.4);
    expect(result.finalTestMse).toBeLessThan(result.zeroMse / 4);
    expect(result.sample.target).toHaveLength(24);
    expect(result.sample.generated).toHaveLength(24);
    expect(result.sample.target[0]).toBeCloseTo(Math.sin(result.sample.wave.phase), 5);
  });
});
