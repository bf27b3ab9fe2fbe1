// A cell written outside the package (testing/mgu-cell.ts, the README's walkthrough) gets
// everything the built-in cells get: initialization, weight checks, gradients through time,
// stacking and both directions through rnnSequence.
import {
  add,
  createCpuBackend,
  Generator,
  gradientMismatches,
  mean,
  normal,
  numHandles,
  reshape,
  reverse,
  rnnSequence,
  setBackend,
  mul,
  slice,
  square,
  sub,
  sum,
  tidy,
  variable,
  variableGrads,
  type Tensor,
  type Variable,
} from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { initParameters, linear, WeightError } from './index.js';
import { mguCell } from './testing/mgu-cell.js';
import { maxAbsDifference } from './testing/tensors.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const [T, B, I, H] = [6, 4, 1, 5];

/** Each parameter as a trainable Variable named `<layer>.<name>`. */
function variables(weights: Record<string, Tensor>, layer: string): Record<string, Variable> {
  return tidy(() => Object.fromEntries(Object.entries(weights).map(([name, t]) => [name, variable(t, { name: `${layer}.${name}` })])));
}

describe('a user-defined cell (MGU)', () => {
  it('declares its parameters and has them checked on bind', () => {
    const cell = mguCell({ inputSize: I, hiddenSize: H });
    expect(cell.parameters.map((p) => [p.name, p.shape])).toEqual([
      ['weight_ih', [2 * H, I]],
      ['weight_hh', [2 * H, H]],
      ['bias_ih', [2 * H]],
    ]);
    expect(() => cell.bind({})).toThrow(WeightError);
  });

  it('trains stacked, forward then reverse: a few SGD steps lower the loss and hold numHandles flat', () => {
    const generator = new Generator(0);
    const first = mguCell({ inputSize: I, hiddenSize: H });
    const second = mguCell({ inputSize: H, hiddenSize: H });
    const w1 = variables(initParameters(first, { generator }), 'l0');
    const w2 = variables(initParameters(second, { generator }), 'l1_reverse');
    const readout = variable(normal([1, H], { generator, std: 0.5 }), { name: 'readout' });
    // Target: the sum of the inputs, read from the reverse layer's output at t = 0.
    const x = normal([T, B, I], { generator, std: 0.5 });
    const target = sum(x, 0);
    const loss = (): Tensor => {
      const hidden = rnnSequence(first.bind(w1), x).output;
      const top = rnnSequence(second.bind(w2), hidden, { reverse: true }).output;
      const atStart = reshape(slice(top, [0], [1]), [B, H]);
      const prediction = linear(atStart, readout);
      return mean(square(sub(prediction, target)));
    };
    const trainable = [...Object.values(w1), ...Object.values(w2), readout];
    const firstLayerBefore = [...w1.weight_ih!.dataSync()];
    const losses: number[] = [];
    let handles = 0;
    for (let stepIndex = 0; stepIndex < 20; stepIndex++) {
      tidy(() => {
        const { value, grads } = variableGrads(loss, trainable);
        for (const [v, g] of grads) v.assign(sub(v, mul(g, 0.3)));
        losses.push(value.itemSync());
      });
      if (stepIndex === 1) handles = numHandles();
    }
    expect(numHandles()).toBe(handles);
    expect(losses[losses.length - 1]!).toBeLessThan(0.5 * losses[0]!);
    // The gradient reached the bottom layer, through the reverse layer above it.
    expect([...w1.weight_ih!.dataSync()]).not.toEqual(firstLayerBefore);
  });

  it('runs in reverse as the forward run over the time-flipped input', () => {
    const cell = mguCell({ inputSize: I, hiddenSize: H });
    const bound = cell.bind(initParameters(cell, { generator: new Generator(1), dtype: 'float64' }));
    const x = normal([T, B, I], { generator: new Generator(2), dtype: 'float64' });
    const backward = rnnSequence(bound, x, { reverse: true });
    const forwardOnFlipped = rnnSequence(bound, reverse(x, 0));
    expect(maxAbsDifference(backward.output, reverse(forwardOnFlipped.output, 0))).toBe(0);
  });

  it('has gradients equal to central differences over 3 steps', () => {
    const cell = mguCell({ inputSize: 2, hiddenSize: 3 });
    const generator = new Generator(4);
    const weights = initParameters(cell, { generator, dtype: 'float64' });
    const x = normal([3, 2, 2], { generator, dtype: 'float64' });
    const names = Object.keys(weights);
    const loss = (x: Tensor, ...w: Tensor[]): Tensor =>
      sum(square(add(rnnSequence(cell.bind(Object.fromEntries(names.map((n, k) => [n, w[k]!]))), x).output, 0.1)));
    expect(gradientMismatches(loss, [x, ...names.map((n) => weights[n]!)], ['x', ...names])).toEqual([]);
  });
});
