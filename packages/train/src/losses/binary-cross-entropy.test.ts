import { createCpuBackend, DTypeError, fromArray, grad, setBackend, ShapeError, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
import { centralDifferences } from './finite-differences.js';

setBackend(createCpuBackend());

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** PyTorch's definition, −[y·log σ(x) + (1 − y)·log(1 − σ(x))], for moderate x. */
const bce = (x: number, y: number, p = 1): number => -(p * y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));

describe('binaryCrossEntropyWithLogits', () => {
  const xs = [-2, 0, 0.5, 3];
  const ys = [0, 1, 0.3, 1];

  it('equals −[y·log σ(x) + (1 − y)·log(1 − σ(x))] per element', () => {
    const loss = binaryCrossEntropyWithLogits(fromArray(xs), fromArray(ys), { reduction: 'none' });
    expect(Array.from(loss.dataSync())).toEqual(xs.map((x, i) => expect.closeTo(bce(x, ys[i]!), 5) as unknown));
  });

  it('averages by default and sums with reduction sum', () => {
    const expected = xs.reduce((s, x, i) => s + bce(x, ys[i]!), 0);
    expect(binaryCrossEntropyWithLogits(fromArray(xs), fromArray(ys)).itemSync()).toBeCloseTo(expected / 4, 5);
    expect(binaryCrossEntropyWithLogits(fromArray(xs), fromArray(ys), { reduction: 'sum' }).itemSync()).toBeCloseTo(expected, 5);
  });

  it('is finite and exact at logits ±100 in float32: max(x, 0) − x·y + log1p(e^−|x|)', () => {
    const loss = binaryCrossEntropyWithLogits(fromArray([100, -100, 100, -100]), fromArray([1, 0, 0, 1]), { reduction: 'none' });
    expect(Array.from(loss.dataSync())).toEqual([0, 0, 100, 100].map((v) => expect.closeTo(v, 6) as unknown));
  });

  it('has finite gradients σ(x) − y at logits ±100', () => {
    const [g] = grad((x: Tensor) => binaryCrossEntropyWithLogits(x, fromArray([1, 0, 0, 1]), { reduction: 'sum' }))(fromArray([100, -100, 100, -100]));
    expect(Array.from(g!.dataSync())).toEqual([0, 0, 1, -1].map((v) => expect.closeTo(v, 6) as unknown));
  });

  it('scales the positive term by posWeight, as PyTorch’s pos_weight', () => {
    const loss = binaryCrossEntropyWithLogits(fromArray(xs), fromArray(ys), { reduction: 'none', posWeight: 3 });
    expect(Array.from(loss.dataSync())).toEqual(xs.map((x, i) => expect.closeTo(bce(x, ys[i]!, 3), 5) as unknown));
  });

  it('takes a per-class posWeight broadcast over the last axis', () => {
    const loss = binaryCrossEntropyWithLogits(fromArray([[0.5, -1]]), fromArray([[1, 1]]), { reduction: 'none', posWeight: fromArray([2, 4]) });
    expect(Array.from(loss.dataSync())).toEqual([expect.closeTo(bce(0.5, 1, 2), 5), expect.closeTo(bce(-1, 1, 4), 5)]);
  });

  it('has gradient (σ(x) − y)/N, exact at x = 0 too, matching central differences in float64', () => {
    const y = fromArray(ys, { dtype: 'float64' });
    const f = (x: Tensor): Tensor => binaryCrossEntropyWithLogits(x, y);
    const x = fromArray(xs, { dtype: 'float64' });
    const [analytic] = grad(f)(x);
    expect(Array.from(analytic!.dataSync())).toEqual(xs.map((v, i) => expect.closeTo((sigmoid(v) - ys[i]!) / 4, 9) as unknown));
    const numeric = centralDifferences(f, x);
    expect(Array.from(analytic!.dataSync())).toEqual(Array.from(numeric, (v) => expect.closeTo(v, 7) as unknown));
  });

  it('matches central differences with posWeight, at x = 0 too', () => {
    const y = fromArray(ys, { dtype: 'float64' });
    const f = (x: Tensor): Tensor => binaryCrossEntropyWithLogits(x, y, { posWeight: 2.5 });
    const x = fromArray(xs, { dtype: 'float64' });
    const [analytic] = grad(f)(x);
    const numeric = centralDifferences(f, x);
    expect(Array.from(analytic!.dataSync())).toEqual(Array.from(numeric, (v) => expect.closeTo(v, 7) as unknown));
  });

  it('rejects a target of another shape, naming both', () => {
    expect(() => binaryCrossEntropyWithLogits(fromArray([1, 2]), fromArray([[1, 0]]))).toThrow(ShapeError);
    expect(() => binaryCrossEntropyWithLogits(fromArray([1, 2]), fromArray([[1, 0]]))).toThrow(/\[2\] and \[1, 2\]/);
  });

  it('rejects non-float logits or targets', () => {
    expect(() => binaryCrossEntropyWithLogits(fromArray([1], { dtype: 'int32' }), fromArray([1]))).toThrow(DTypeError);
    expect(() => binaryCrossEntropyWithLogits(fromArray([1]), fromArray([true]))).toThrow(DTypeError);
  });
});
