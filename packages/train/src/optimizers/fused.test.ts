// The fused optimizer step (one backend call for every parameter) against the composed
// per-parameter update, on two cpu backends that differ only in having the fused kernel.
import { createCpuBackend, fromArray, numHandles, tidy, variable, type Backend, type Tensor, type Variable } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

const fusedBackend = createCpuBackend();
const calls: number[] = [];
const counted: Backend = {
  ...fusedBackend,
  optimizerStep: (spec, ...rest) => {
    calls.push(spec.steps.length);
    return fusedBackend.optimizerStep!(spec, ...rest);
  },
};
const composedBackend: Backend = { ...createCpuBackend(), optimizerStep: undefined };

type Make = (params: Variable[]) => Optimizer;

const makers: [string, Make][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.1 })],
  ['SGD, weight decay', (p) => new SGD(p, { lr: 0.1, weightDecay: 0.05 })],
  ['SGD, momentum and dampening', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.3 })],
  ['SGD, Nesterov and weight decay', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam', (p) => new Adam(p, { lr: 0.05 })],
  ['Adam, L2 weight decay and AMSGrad', (p) => new Adam(p, { lr: 0.05, betas: [0.8, 0.95], weightDecay: 0.1, amsgrad: true })],
  ['AdamW', (p) => new AdamW(p, { lr: 0.05 })],
  ['AdamW, AMSGrad', (p) => new AdamW(p, { lr: 0.05, weightDecay: 0.2, amsgrad: true })],
  ['RMSprop', (p) => new RMSprop(p, {})],
  ['RMSprop, centered', (p) => new RMSprop(p, { centered: true, weightDecay: 0.01 })],
  ['RMSprop, momentum', (p) => new RMSprop(p, { momentum: 0.5, alpha: 0.9 })],
  ['RMSprop, centered with momentum and weight decay', (p) => new RMSprop(p, { centered: true, momentum: 0.5, weightDecay: 0.01 })],
];

const SHAPES = [[3, 5], [7], [1]];

/** Deterministic values in [−1, 1), different per parameter and step. */
const valuesFor = (size: number, seed: number): number[] => Array.from({ length: size }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) % 1);

/** Runs four steps (parameter 1 has no gradient at step 2, and lr changes before step 3); returns parameters and slots read back. */
function trajectory(backend: Backend, dtype: 'float32' | 'float64', make: Make): { params: number[][]; slots: Record<string, number[]> } {
  const params = SHAPES.map((shape, k) =>
    tidy(() => variable(fromArray(valuesFor(shape.reduce((a, b) => a * b, 1), k + 1), { shape, dtype, backend }), { name: `p${k}` })),
  );
  const optimizer = make(params);
  for (let step = 1; step <= 4; step++) {
    if (step === 3) optimizer.lr /= 2;
    tidy(() => {
      const grads = new Map<Variable, Tensor>();
      params.forEach((p, k) => {
        if (step === 2 && k === 1) return;
        grads.set(p, fromArray(valuesFor(p.size, 10 * step + k), { shape: p.shape, dtype, backend }));
      });
      optimizer.step(grads);
    });
  }
  const state = optimizer.getState();
  const slots = Object.fromEntries(Object.entries(state.slots).map(([key, t]) => [key, [...t.dataSync()]]));
  const result = { params: params.map((p) => [...p.dataSync()]), slots };
  for (const t of [...Object.values(state.slots), ...params]) t.dispose();
  optimizer.dispose();
  return result;
}

describe.each(makers)('%s', (_, make) => {
  it.each(['float64', 'float32'] as const)('takes the same steps fused as composed, bit for bit, in %s', (dtype) => {
    calls.length = 0;
    const before = numHandles(fusedBackend);
    const fused = trajectory(counted, dtype, make);
    expect(numHandles(fusedBackend), 'handles left by the fused run').toBe(before);
    // One call per step, covering the parameters that had a gradient.
    expect(calls).toEqual([3, 2, 3, 3]);
    // Parameters and every slot, keys included (e.g. exp_avg.1 stays at its step-1 value).
    expect(fused).toEqual(trajectory(composedBackend, dtype, make));
  });
});

describe('Adagrad', () => {
  it('has no fused rule and always runs its composed update', () => {
    calls.length = 0;
    const fused = trajectory(counted, 'float64', (p) => new Adagrad(p, { lrDecay: 0.1 }));
    expect(calls).toEqual([]);
    expect(fused).toEqual(trajectory(composedBackend, 'float64', (p) => new Adagrad(p, { lrDecay: 0.1 })));
  });
});
