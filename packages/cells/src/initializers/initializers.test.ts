import { createCpuBackend, Generator, setBackend, type Shape, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { values } from '../testing/tensors.js';
import { constant, identity, ones, zeros } from './constant.js';
import { fans, type Initializer } from './initializer.js';
import { glorotNormal, glorotUniform, pytorchDefault, randomNormal, xavierNormal, xavierUniform } from './random.js';
import { overrideRows } from './rows.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** Runs an initializer the way initParameters does. */
const draw = (init: Initializer, shape: Shape, seed = 0): Tensor =>
  init(shape, { generator: new Generator(seed), dtype: 'float64', backend: undefined, ...fans(shape) });
const variance = (xs: number[]): number => xs.reduce((s, x) => s + x * x, 0) / xs.length;

describe('fans', () => {
  it('read a weight stored [out, in] as PyTorch does: fanIn = in, fanOut = out', () => {
    expect(fans([16, 3])).toEqual({ fanIn: 3, fanOut: 16 });
    expect(fans([8, 4, 3])).toEqual({ fanIn: 12, fanOut: 24 });
    expect(fans([5])).toEqual({ fanIn: 5, fanOut: 5 });
  });
});

describe('pytorchDefault(H)', () => {
  it('draws U(−1/√H, 1/√H) whatever the shape, as PyTorch’s RNN modules', () => {
    const w = values(draw(pytorchDefault(16), [64, 3]));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.24);
    expect(variance(w)).toBeCloseTo(0.25 ** 2 / 3, 2);
  });

  it('is reproducible from the seed, and differs across seeds', () => {
    expect(values(draw(pytorchDefault(4), [4, 4], 7))).toEqual(values(draw(pytorchDefault(4), [4, 4], 7)));
    expect(values(draw(pytorchDefault(4), [4, 4], 7))).not.toEqual(values(draw(pytorchDefault(4), [4, 4], 8)));
  });
});

describe('Glorot (Xavier) initializers', () => {
  it('glorotUniform draws U(±gain·√(6 / (fanIn + fanOut)))', () => {
    const bound = 2 * Math.sqrt(6 / (100 + 300));
    const w = values(draw(glorotUniform({ gain: 2 }), [300, 100]));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(variance(w)).toBeCloseTo(bound ** 2 / 3, 3);
  });

  it('glorotNormal draws N(0, gain²·2 / (fanIn + fanOut))', () => {
    const w = values(draw(glorotNormal(), [300, 100]));
    expect(Math.sqrt(variance(w))).toBeCloseTo(Math.sqrt(2 / 400), 3);
  });

  it('go by PyTorch’s names too', () => {
    expect(values(draw(xavierUniform(), [5, 3]))).toEqual(values(draw(glorotUniform(), [5, 3])));
    expect(values(draw(xavierNormal(), [5, 3]))).toEqual(values(draw(glorotNormal(), [5, 3])));
  });
});

describe('randomNormal', () => {
  it('draws N(mean, std²)', () => {
    const w = values(draw(randomNormal({ mean: 0, std: 0.001 }), [200, 100]));
    expect(Math.sqrt(variance(w))).toBeCloseTo(0.001, 4);
  });
});

describe('constant initializers', () => {
  it('fill with zeros, ones or a constant', () => {
    expect(values(draw(zeros(), [3]))).toEqual([0, 0, 0]);
    expect(values(draw(ones(), [2, 2]))).toEqual([1, 1, 1, 1]);
    expect(values(draw(constant(-0.5), [2]))).toEqual([-0.5, -0.5]);
  });

  it('identity gives gain·I, rectangular where the shape is', () => {
    expect(draw(identity({ gain: 0.5 }), [2, 2]).arraySync()).toEqual([
      [0.5, 0],
      [0, 0.5],
    ]);
    expect(draw(identity(), [2, 3]).arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(() => draw(identity(), [3])).toThrow('identity initializer: shape must be a matrix, got [3]');
  });
});

describe('overrideRows', () => {
  it('replaces a band of rows and leaves the others as the base drew them', () => {
    const base = values(draw(pytorchDefault(4), [6, 2]));
    const w = values(draw(overrideRows(pytorchDefault(4), 2, 2, ones()), [6, 2]));
    expect(w.slice(4, 8)).toEqual([1, 1, 1, 1]);
    expect([...w.slice(0, 4), ...w.slice(8)]).toEqual([...base.slice(0, 4), ...base.slice(8)]);
  });
});
