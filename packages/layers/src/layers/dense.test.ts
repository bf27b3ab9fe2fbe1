import {
  ArgumentError,
  createCpuBackend,
  fromArray,
  Generator,
  mul,
  setBackend,
  ShapeError,
  sum,
  valueAndGrad,
  variableGrads,
  type Tensor,
} from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, type DenseOptions } from './dense.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** A float64 Dense 3 → 2 with weight [[0.1, 0.2, 0.3], [-0.1, 0, 0.1]] and bias [0.5, -0.5]. */
function handMade(options: Partial<DenseOptions> = {}): Dense {
  const dense = new Dense({ inFeatures: 3, outFeatures: 2, dtype: 'float64', generator: new Generator(0), ...options });
  dense.loadStateDict({
    weight: fromArray(new Float64Array([0.1, 0.2, 0.3, -0.1, 0, 0.1]), { shape: [2, 3] }),
    bias: fromArray(new Float64Array([0.5, -0.5])),
  });
  return dense;
}

const f64 = (values: number[][]): Tensor => fromArray(new Float64Array(values.flat()), { shape: [values.length, values[0]!.length] });

const expectClose = (actual: Tensor, expected: number[], digits = 12): void => {
  const data = [...actual.dataSync()];
  expect(data).toHaveLength(expected.length);
  data.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i]!, digits);
  });
};

describe('Dense', () => {
  it('has PyTorch Linear parameters: weight [out, in] and bias [out]', () => {
    const dense = new Dense({ inFeatures: 4, outFeatures: 3, generator: new Generator(0) });
    expect(dense.namedParameters().map(([name, p]) => [name, p.shape])).toEqual([
      ['weight', [3, 4]],
      ['bias', [3]],
    ]);
    expect(new Dense({ inFeatures: 4, outFeatures: 3, bias: false, generator: new Generator(0) }).bias).toBeNull();
  });

  it('computes x · weightᵀ + bias (checked by hand)', () => {
    // [1, 2, 3] · [0.1, 0.2, 0.3] + 0.5 = 1.9;  [1, 2, 3] · [-0.1, 0, 0.1] − 0.5 = −0.3
    expectClose(handMade().forward(f64([[1, 2, 3]])), [1.9, -0.3]);
  });

  it('applies to the last axis of an input of any rank', () => {
    const dense = handMade();
    const x = fromArray(new Float64Array([1, 2, 3, 0, 0, 0, -1, -2, -3, 1, 0, 0]), { shape: [2, 2, 3] });
    const y = dense.forward(x);
    expect(y.shape).toEqual([2, 2, 2]);
    expectClose(y, [1.9, -0.3, 0.5, -0.5, -0.9, -0.7, 0.6, -0.6]);
    expect(dense.forward(fromArray(new Float64Array([1, 2, 3]))).shape).toEqual([2]);
  });

  it('applies its activation', () => {
    expectClose(handMade({ activation: 'relu' }).forward(f64([[1, 2, 3]])), [1.9, 0]);
    expectClose(handMade({ activation: 'tanh' }).forward(f64([[1, 2, 3]])), [Math.tanh(1.9), Math.tanh(-0.3)]);
    expectClose(handMade({ activation: 'sigmoid' }).forward(f64([[1, 2, 3]])), [1 / (1 + Math.exp(-1.9)), 1 / (1 + Math.exp(0.3))]);
    const e = [Math.exp(1.9), Math.exp(-0.3)];
    expectClose(handMade({ activation: 'softmax' }).forward(f64([[1, 2, 3]])), [e[0]! / (e[0]! + e[1]!), e[1]! / (e[0]! + e[1]!)]);
  });

  it('has the gradients of a linear map: dW = gᵀx, db = g, dx = g·W', () => {
    const dense = handMade();
    const x = f64([[1, 2, 3]]);
    const g = f64([[1, 2]]);
    const { grads } = variableGrads(() => sum(mul(dense.forward(x), g)));
    expectClose(grads.get(dense.weight)!, [1, 2, 3, 2, 4, 6]);
    expectClose(grads.get(dense.bias!)!, [1, 2]);
    const { grads: [dx] } = valueAndGrad((input: Tensor) => sum(mul(dense.forward(input), g)))(x);
    expectClose(dx!, [-0.1, 0.2, 0.5]);
  });

  it('initialises from U(±1/√inFeatures) with its generator, reproducibly', () => {
    const make = (seed: number): Dense => new Dense({ inFeatures: 16, outFeatures: 32, generator: new Generator(seed) });
    const values = [...make(1).weight.dataSync(), ...make(1).bias!.dataSync()];
    expect(values.every((v) => Math.abs(v) <= 1 / 4)).toBe(true);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.2);
    expect(make(1).weight.dataSync()).toEqual(make(1).weight.dataSync());
    expect(make(2).weight.dataSync()).not.toEqual(make(1).weight.dataSync());
  });

  it('throws a ShapeError when the last dim is not inFeatures, and refuses bad sizes', () => {
    expect(() => handMade().forward(f64([[1, 2]]))).toThrow(ShapeError);
    expect(() => handMade().forward(f64([[1, 2]]))).toThrow("Dense: the input's last dim must be inFeatures = 3 (got [1, 2] and [2, 3])");
    expect(() => new Dense({ inFeatures: 0, outFeatures: 2, generator: new Generator(0) })).toThrow(ArgumentError);
    expect(() => new Dense({ inFeatures: 2, outFeatures: 1.5, generator: new Generator(0) })).toThrow(ArgumentError);
  });
});
