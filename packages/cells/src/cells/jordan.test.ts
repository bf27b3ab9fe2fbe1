import { createCpuBackend, fromArray, setBackend, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { values } from '../testing/tensors.js';
import { jordanCell } from './jordan.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const matrix = (v: number): Tensor => fromArray([[v]], { dtype: 'float64' });
const vector = (v: number): Tensor => fromArray([v], { dtype: 'float64' });

describe('jordanCell', () => {
  it("declares the hidden and output layers; its state is the output y", () => {
    const cell = jordanCell({ inputSize: 3, hiddenSize: 5, outputSize: 2 });
    expect(cell.parameters.map((p) => [p.name, p.shape])).toEqual([
      ['weight_ih', [5, 3]],
      ['bias_ih', [5]],
      ['weight_yh', [5, 2]],
      ['bias_yh', [5]],
      ['weight_hy', [2, 5]],
      ['bias_hy', [2]],
    ]);
    expect([cell.stateNames, cell.stateSizes]).toEqual([['y'], [2]]);
    expect(cell.fused).toBeUndefined();
  });

  it('feeds back the previous output: h = act(W_ih·x + b_ih + W_yh·y + b_yh), y′ = outAct(W_hy·h + b_hy)', () => {
    const weights = { weight_ih: matrix(2), bias_ih: vector(0.1), weight_yh: matrix(-1), bias_yh: vector(0.2), weight_hy: matrix(3), bias_hy: vector(-0.5) };
    const cell = jordanCell({ inputSize: 1, hiddenSize: 1, outputSize: 1, outputActivation: 'sigmoid' }).bind(weights);
    const [y] = cell.step(matrix(1), [matrix(0.4)]);
    const h = Math.tanh(2 * 1 + 0.1 - 1 * 0.4 + 0.2);
    expect(values(y!)[0]).toBeCloseTo(1 / (1 + Math.exp(-(3 * h - 0.5))), 15);
  });

  it('has no biases with bias: false', () => {
    expect(jordanCell({ inputSize: 1, hiddenSize: 1, outputSize: 1, bias: false }).parameters.map((p) => p.name)).toEqual(['weight_ih', 'weight_yh', 'weight_hy']);
  });

  it('rejects an unknown output activation and a missing output size', () => {
    expect(() => jordanCell({ inputSize: 1, hiddenSize: 1, outputSize: 1, outputActivation: 'relu' as never })).toThrow(
      "jordanCell: outputActivation 'relu' is not one of 'tanh', 'sigmoid', 'identity'",
    );
    expect(() => jordanCell({ inputSize: 1, hiddenSize: 1 } as never)).toThrow('jordanCell: outputSize must be a positive integer, got undefined');
  });
});
