import { createCpuBackend, Generator, setBackend, ShapeError, stack, uniform, unstack, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';
import { Dense } from './dense.js';
import { TimeDistributed } from './time-distributed.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** A layer that only accepts [batch, features]: TimeDistributed must fold time away for it. */
class MatrixOnly extends Module {
  readonly inner = this.registerModule('inner', new Dense({ inFeatures: 4, outFeatures: 3, activation: 'tanh', generator: new Generator(2) }));

  forward(x: Tensor): Tensor {
    if (x.rank !== 2) throw new ShapeError('MatrixOnly', [x.shape], 'needs rank 2');
    return this.inner.forward(x);
  }

  toConfig(): ModuleConfig {
    return { type: 'MatrixOnly', options: {} };
  }
}

describe('TimeDistributed', () => {
  it('equals applying the layer to each time step in a loop', () => {
    const layer = new MatrixOnly();
    const x = uniform([5, 2, 4], { generator: new Generator(1), low: -1, high: 1 });
    const looped = stack(unstack(x, 0).map((step) => layer.forward(step)), 0);
    const folded = new TimeDistributed(layer).forward(x);
    expect(folded.shape).toEqual([5, 2, 3]);
    expect(folded.dataSync()).toEqual(looped.dataSync());
  });

  it('keeps trailing dims beyond [time, batch]', () => {
    const dense = new Dense({ inFeatures: 4, outFeatures: 3, generator: new Generator(0) });
    expect(new TimeDistributed(dense).forward(uniform([2, 3, 6, 4], { generator: new Generator(1) })).shape).toEqual([2, 3, 6, 3]);
  });

  it("names the wrapped layer's parameters layer.…", () => {
    const wrapped = new TimeDistributed(new Dense({ inFeatures: 2, outFeatures: 2, generator: new Generator(0) }));
    expect(Object.keys(wrapped.stateDict())).toEqual(['layer.weight', 'layer.bias']);
  });

  it('needs an input of rank ≥ 2', () => {
    const wrapped = new TimeDistributed(new Dense({ inFeatures: 2, outFeatures: 2, generator: new Generator(0) }));
    expect(() => wrapped.forward(uniform([2], { generator: new Generator(0) }))).toThrow(ShapeError);
  });
});
