// The wasm fused optimizer step is bit-identical to the composed update in float32 (the same
// IEEE operations in the same order, scalars rounded once), over parameters whose sizes are
// not multiples of four; in float64 the backend declines and the composed update runs.
import { Generator, normal, tidy, variable, type Backend, type Variable } from '@rnn/tensor';
import { Adam, AdamW, RMSprop, SGD, type Optimizer } from '@rnn/train';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../index.js';

const backend = await createWasmBackend();
afterAll(() => { backend.destroy(); });
let calls = 0;
const counted: Backend = {
  ...backend,
  optimizerStep: (...args) => {
    calls++;
    return backend.optimizerStep!(...args);
  },
};
const composed: Backend = { ...backend, optimizerStep: undefined };

const makers: [string, (params: Variable[]) => Optimizer][] = [
  ['SGD, Nesterov and weight decay', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['SGD, dampening', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.2 })],
  ['Adam, L2 weight decay and AMSGrad', (p) => new Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.1 })],
  ['AdamW, AMSGrad', (p) => new AdamW(p, { lr: 0.01, amsgrad: true })],
  ['RMSprop, centered with momentum and weight decay', (p) => new RMSprop(p, { centered: true, momentum: 0.5, weightDecay: 0.01 })],
];

/** Five steps on parameters of 231, 5 and 1 elements; every parameter and slot, read back. */
function trajectory(view: Backend, dtype: 'float32' | 'float64', make: (params: Variable[]) => Optimizer): number[][] {
  const generator = new Generator(5);
  const params = [[33, 7], [5], [1]].map((shape) => tidy(() => variable(normal(shape, { generator, dtype, backend: view }))));
  const optimizer = make(params);
  for (let s = 0; s < 5; s++) tidy(() => { optimizer.step(new Map(params.map((p) => [p, normal(p.shape, { generator, dtype, backend: view })]))); });
  const state = optimizer.getState();
  const result = [...params, ...Object.keys(state.slots).sort().map((key) => state.slots[key]!)].map((t) => [...t.dataSync()]);
  for (const t of [...params, ...Object.values(state.slots)]) t.dispose();
  optimizer.dispose();
  return result;
}

describe('the wasm fused optimizer step', () => {
  it.each(makers)('equals the composed update bit for bit in float32 (%s)', (_, make) => {
    calls = 0;
    const fused = trajectory(counted, 'float32', make);
    expect(calls).toBe(5);
    // toEqual compares numbers with Object.is: −0 and +0 differ.
    expect(fused).toEqual(trajectory(composed, 'float32', make));
  });

  it('declines float64, which then runs the composed update', () => {
    calls = 0;
    const [, make] = makers[2]!;
    expect(trajectory(counted, 'float64', make)).toEqual(trajectory(composed, 'float64', make));
    expect(calls).toBe(0);
  });
});
