import { createCpuBackend, dispose, fromArray, numHandles, setBackend, tidy, variable, type Variable } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { OptimizerStateError } from './errors.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { quadraticParameter, stepQuadratic, trajectory } from './testing.js';

setBackend(createCpuBackend());

const makers: [string, (params: Variable[]) => Optimizer][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['RMSprop', (p) => new RMSprop(p, { momentum: 0.5, centered: true, weightDecay: 0.01 })],
  ['Adagrad', (p) => new Adagrad(p, { lrDecay: 0.1, initialAccumulatorValue: 0.1 })],
  ['Adam', (p) => new Adam(p, { lr: 0.05, amsgrad: true, weightDecay: 0.01 })],
  ['AdamW', (p) => new AdamW(p, { lr: 0.05, amsgrad: true })],
];

describe.each(makers)('%s', (_, make) => {
  it('resumes bit-exactly from getState/setState into a new optimizer', () => {
    const uninterrupted = quadraticParameter();
    const reference = trajectory(make([uninterrupted]), uninterrupted, 6);

    const x = quadraticParameter();
    const first = make([x]);
    trajectory(first, x, 3);
    const state = first.getState();
    const saved = JSON.parse(JSON.stringify({ ...state, slots: {} })) as typeof state; // config is plain JSON
    first.dispose();
    const resumed = make([x]);
    resumed.setState({ ...saved, slots: state.slots });
    dispose(state.slots);
    expect(trajectory(resumed, x, 3)).toEqual(reference.slice(3));
    expect(resumed.stepCount).toBe(6);
  });

  it('allocates nothing that survives a step beyond the replaced values', () => {
    const x = quadraticParameter();
    const optimizer = make([x]);
    stepQuadratic(optimizer, x);
    const before = numHandles();
    for (let i = 0; i < 20; i++) stepQuadratic(optimizer, x);
    expect(numHandles()).toBe(before);
    optimizer.dispose();
    expect(numHandles()).toBeLessThan(before);
  });
});

describe('Optimizer', () => {
  it('skips parameters without a gradient, leaving their value and step count alone', () => {
    const a = variable(fromArray(new Float64Array([1, 2])));
    const b = variable(fromArray(new Float64Array([3])));
    const optimizer = new Adam([a, b], { lr: 0.1 });
    tidy(() => {
      optimizer.step(new Map([[a, fromArray(new Float64Array([1, 1]))]]));
    });
    expect([...b.dataSync()]).toEqual([3]);
    expect([...a.dataSync()]).not.toEqual([1, 2]);
    const state = optimizer.getState();
    expect(state.parameterSteps).toEqual([1, 0]);
    expect(Object.keys(state.slots).sort()).toEqual(['exp_avg.0', 'exp_avg_sq.0']);
    dispose(state.slots);
  });

  it('lets schedules change the learning rate between steps', () => {
    const x = variable(fromArray(new Float64Array([1])));
    const optimizer = new SGD([x], { lr: 0.5 });
    optimizer.lr = 0.25;
    tidy(() => {
      optimizer.step(new Map([[x, fromArray(new Float64Array([2]))]]));
    });
    expect(x.dataSync()[0]).toBe(0.5);
    expect(optimizer.getState().config.lr).toBe(0.25);
  });

  it('names the slot and both shapes when the saved state does not fit the parameters', () => {
    const x = quadraticParameter();
    const source = new Adam([x]);
    stepQuadratic(source, x);
    const state = source.getState();
    const other = new Adam([variable(fromArray(new Float64Array([1, 2])))]);
    let error: unknown;
    try {
      other.setState(state);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptimizerStateError);
    expect(error).toMatchObject({ slot: 'exp_avg.0', expectedShape: [2], actualShape: [3] });
    expect(String(error)).toMatch(/slot 'exp_avg\.0'.*\[2\].*\[3\]/);
    dispose(state.slots);
  });

  it('refuses state saved by a different optimizer', () => {
    const x = quadraticParameter();
    const state = new SGD([x]).getState();
    expect(() => {
      new Adam([x]).setState(state as never);
    }).toThrow(/saved by SGD/);
  });
});
