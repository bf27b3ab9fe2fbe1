import { createCpuBackend, Generator, numHandles, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { AddingModel } from './model.js';
import { trainAdding } from './train.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('AddingModel', () => {
  it("initialises an irnn as torch_adding.py does: W_hh = I, zero biases, W_ih ~ N(0, 0.001²)", () => {
    const model = new AddingModel({ cell: 'irnn', hiddenSize: 6, generator: new Generator(0) });
    const p = model.stateDict();
    expect(p['rnn.weight_hh_l0']!.arraySync()).toEqual(Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 1 : 0))));
    expect([...p['rnn.bias_ih_l0']!.dataSync(), ...p['rnn.bias_hh_l0']!.dataSync()].every((v) => v === 0)).toBe(true);
    const wih = p['rnn.weight_ih_l0']!.dataSync();
    expect(Math.max(...wih.map(Math.abs))).toBeLessThan(0.005);
    expect(wih.some((v) => v !== 0)).toBe(true);
    model.dispose();
  });
});

describe('trainAdding', () => {
  it('an LSTM on T = 10 beats the always-1 baseline (MSE ≈ 0.167) within 300 steps, leaking no tensors', async () => {
    const before = numHandles();
    const result = await trainAdding({ sequenceLength: 10, hiddenSize: 16, lr: 0.01, steps: 300, evalEvery: 100, testSize: 200 });
    expect(numHandles()).toBe(before);
    expect(result.evaluations.map((e) => e.step)).toEqual([100, 200, 300]);
    expect(result.baselineMse).toBeGreaterThan(0.12);
    expect(result.baselineMse).toBeLessThan(0.22);
    expect(result.finalTestMse).toBeLessThan(0.05);
    expect(result.firstStepBelow[0.05]).not.toBeNull();
    expect(result.msPerStep).toBeGreaterThan(0);
  });
});
