import { ArgumentError, createCpuBackend, fromArray, Generator, ones, setBackend, sum, valueAndGrad, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dropout } from './dropout.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('Dropout', () => {
  it('zeroes a fraction rate of the elements and scales the rest by 1 / (1 − rate)', () => {
    const dropout = new Dropout({ rate: 0.3, generator: new Generator(1) });
    const values = [...dropout.forward(ones([100_000])).dataSync()];
    const zeros = values.filter((v) => v === 0).length / values.length;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(zeros).toBeCloseTo(0.3, 2);
    expect(mean).toBeCloseTo(1, 1);
    expect(new Set(values)).toEqual(new Set([0, Math.fround(1 / 0.7)]));
  });

  it('is the identity in eval mode and at rate 0: the input itself comes back', () => {
    const x = fromArray([1, 2, 3]);
    expect(new Dropout({ rate: 0.5, generator: new Generator(0) }).eval().forward(x)).toBe(x);
    expect(new Dropout({ rate: 0, generator: new Generator(0) }).forward(x)).toBe(x);
  });

  it('drops everything at rate 1', () => {
    expect([...new Dropout({ rate: 1, generator: new Generator(0) }).forward(ones([8])).dataSync()]).toEqual(new Array(8).fill(0));
  });

  it('draws the same masks from the same seed, and a new mask on each call', () => {
    const masks = (seed: number): Float32Array[] => {
      const dropout = new Dropout({ rate: 0.5, generator: new Generator(seed) });
      return [0, 1].map(() => dropout.forward(ones([64])).dataSync() as Float32Array);
    };
    const [first, second] = masks(7);
    expect(masks(7)).toEqual([first, second]);
    expect(second).not.toEqual(first);
    expect(masks(8)[0]).not.toEqual(first);
  });

  it('passes the gradient through the kept elements, scaled', () => {
    const dropout = new Dropout({ rate: 0.5, generator: new Generator(3) });
    // A twin with the same seed draws the same mask: its output on ones is mask · 2.
    const expected = new Dropout({ rate: 0.5, generator: new Generator(3) }).forward(ones([32]));
    const { grads: [dx] } = valueAndGrad((x: Tensor) => sum(dropout.forward(x)))(ones([32]));
    expect(dx!.dataSync()).toEqual(expected.dataSync());
  });

  it('refuses a rate outside [0, 1]', () => {
    expect(() => new Dropout({ rate: 1.5, generator: new Generator(0) })).toThrow(ArgumentError);
    expect(() => new Dropout({ rate: Number.NaN, generator: new Generator(0) })).toThrow(ArgumentError);
  });
});
