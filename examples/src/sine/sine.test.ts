import { createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { noisySines, repeatLastValueMse } from './data.js';
import { trainSine } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('noisySines', () => {
  it('is the sum of the two sines plus noise of standard deviation σ', () => {
    const options = { length: 4000, periods: [40, 13] as const };
    const clean = noisySines(new Generator(1), { ...options, noise: 0 });
    expect(clean[10]).toBeCloseTo(Math.sin((2 * Math.PI * 10) / 40) + 0.5 * Math.sin((2 * Math.PI * 10) / 13), 6);
    const noisy = noisySines(new Generator(1), { ...options, noise: 0.2 });
    const variance = noisy.reduce((s, v, t) => s + (v - clean[t]!) ** 2, 0) / options.length;
    expect(Math.sqrt(variance)).toBeGreaterThan(0.18);
    expect(Math.sqrt(variance)).toBeLessThan(0.22);
  });
});

describe('repeatLastValueMse', () => {
  it('scores each of the horizon steps against the last value of its window', () => {
    // Windows of 2 over [0, 1, 3, 6]: [0, 1] → 3 (error 2), [1, 3] → 6 (error 3) for horizon 1.
    expect(repeatLastValueMse([0, 1, 3, 6], 2, 1)).toBe((4 + 9) / 2);
    // Horizon 2 leaves one window, [0, 1] → 3, 6: errors 2 and 5.
    expect(repeatLastValueMse([0, 1, 3, 6], 2, 2)).toBe((4 + 25) / 2);
  });
});

describe('trainSine', () => {
  it('an LSTM beats the repeat-last-value forecast on the held-out range within 250 steps, leaking no tensors', async () => {
    const before = numHandles();
    const result = await trainSine({ window: 20, seriesLength: 1500, testLength: 400, hiddenSize: 16, lr: 1e-2, steps: 250, evalEvery: 125 });
    expect(numHandles()).toBe(before);
    expect(result.testWindows).toBe(400 - 20);
    expect(result.naiveTestMse).toBeGreaterThan(3 * result.noiseFloor);
    expect(result.finalTestMse).toBeLessThan(0.6 * result.naiveTestMse);
  });
});
