import { createCpuBackend, fromArray, Generator, setBackend, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { initParameters } from '../init-parameters.js';
import { values } from '../testing/tensors.js';
import { elmanCell } from './elman.js';

// The fixtures below are made at collection time, so the backend is chosen first.
setBackend(createCpuBackend());

const scalar = (v: number): Tensor => fromArray([[v]], { dtype: 'float64' });
const vector = (v: number): Tensor => fromArray([v], { dtype: 'float64' });
// One input, one unit: W_ih = 2, W_hh = 0.5, b_ih = 0.1, b_hh = 0.2.
const weights = { weight_ih: scalar(2), weight_hh: scalar(0.5), bias_ih: vector(0.1), bias_hh: vector(0.2) };

describe('elmanCell', () => {
  it("computes h' = act(W_ih·x + b_ih + W_hh·h + b_hh)", () => {
    // 2·1 + 0.1 + 0.5·(−4) + 0.2 = 0.3
    const [tanhH] = elmanCell({ inputSize: 1, hiddenSize: 1 }).bind(weights).step(scalar(1), [scalar(-4)]);
    expect(values(tanhH!)[0]).toBeCloseTo(Math.tanh(0.3), 15);
    const [reluH] = elmanCell({ inputSize: 1, hiddenSize: 1, nonlinearity: 'relu' }).bind(weights).step(scalar(1), [scalar(-5)]);
    expect(values(reluH!)).toEqual([0]);
  });

  it("declares PyTorch's RNNCell parameters", () => {
    const shapes = (bias: boolean): [string, readonly number[]][] => elmanCell({ inputSize: 3, hiddenSize: 5, bias }).parameters.map((p) => [p.name, p.shape]);
    expect(shapes(true)).toEqual([
      ['weight_ih', [5, 3]],
      ['weight_hh', [5, 5]],
      ['bias_ih', [5]],
      ['bias_hh', [5]],
    ]);
    expect(shapes(false)).toEqual([
      ['weight_ih', [5, 3]],
      ['weight_hh', [5, 5]],
    ]);
  });

  it('describes itself to fused kernels', () => {
    expect(elmanCell({ inputSize: 3, hiddenSize: 5, nonlinearity: 'relu' }).fused).toEqual({ kind: 'rnn', hiddenSize: 5, bias: true, nonlinearity: 'relu' });
  });

  it('rejects an unknown nonlinearity', () => {
    expect(() => elmanCell({ inputSize: 1, hiddenSize: 1, nonlinearity: 'sigmoid' as never })).toThrow("elmanCell: nonlinearity 'sigmoid' is not one of 'tanh', 'relu'");
  });
});

describe('elmanCell with irnn (Le et al. 2015)', () => {
  const irnn = elmanCell({ inputSize: 50, hiddenSize: 40, irnn: true });
  const w = initParameters(irnn, { generator: new Generator(0), dtype: 'float64' });

  it('starts with the identity as weight_hh and zero biases', () => {
    const eye = Array.from({ length: 40 * 40 }, (_, k) => (Math.floor(k / 40) === k % 40 ? 1 : 0));
    expect(values(w.weight_hh!)).toEqual(eye);
    expect(values(w.bias_ih!).every((v) => v === 0)).toBe(true);
    expect(values(w.bias_hh!).every((v) => v === 0)).toBe(true);
  });

  it('starts with small input weights, N(0, 0.001²)', () => {
    const input = values(w.weight_ih!);
    expect(Math.sqrt(input.reduce((s, v) => s + v * v, 0) / input.length)).toBeCloseTo(0.001, 4);
  });

  it('uses relu, and refuses another nonlinearity', () => {
    expect(irnn.fused?.nonlinearity).toBe('relu');
    expect(() => elmanCell({ inputSize: 1, hiddenSize: 1, irnn: true, nonlinearity: 'tanh' })).toThrow("elmanCell: nonlinearity must be 'relu' for an IRNN (Le et al. 2015)");
  });

  it('carries its state unchanged while the input is zero', () => {
    const h = fromArray([[0.5, 2, 0, 1, ...Array<number>(36).fill(0.25)]], { dtype: 'float64' });
    const [next] = irnn.bind(w).step(fromArray([Array<number>(50).fill(0)], { dtype: 'float64' }), [h]);
    expect(values(next!)).toEqual(values(h));
  });
});
