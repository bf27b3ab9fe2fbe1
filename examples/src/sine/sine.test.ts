import { createCpuBackend, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainSine } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
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
