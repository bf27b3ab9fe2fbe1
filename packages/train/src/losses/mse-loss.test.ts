import { createCpuBackend, DTypeError, fromArray, grad, setBackend, ShapeError, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { centralDifferences } from './finite-differences.js';
import { mseLoss } from './mse-loss.js';

setBackend(createCpuBackend());

describe('mseLoss', () => {
  const pred = fromArray([[1, 2], [3, 4]]);
  const target = fromArray([[1, 0], [5, 3]]);

  it('averages the squared differences by default', () => {
    expect(mseLoss(pred, target).itemSync()).toBeCloseTo((0 + 4 + 4 + 1) / 4, 6);
  });

  it("sums them with 'sum' and keeps them with 'none'", () => {
    expect(mseLoss(pred, target, { reduction: 'sum' }).itemSync()).toBeCloseTo(9, 6);
    expect(mseLoss(pred, target, { reduction: 'none' }).arraySync()).toEqual([[0, 4], [4, 1]]);
  });

  it('has gradient 2(pred − target)/N, matching central differences in float64', () => {
    const y = fromArray([[1, 0], [5, 3]], { dtype: 'float64' });
    const f = (x: Tensor): Tensor => mseLoss(x, y);
    const x = fromArray([[1.5, 2], [3, 4]], { dtype: 'float64' });
    const [analytic] = grad(f)(x);
    expect(Array.from(analytic!.dataSync())).toEqual([0.25, 1, -1, 0.5].map((v) => expect.closeTo(v, 9) as unknown));
    const numeric = centralDifferences(f, x);
    expect(Array.from(analytic!.dataSync())).toEqual(Array.from(numeric, (v) => expect.closeTo(v, 7) as unknown));
  });

  it('rejects shapes that differ instead of broadcasting, naming both', () => {
    expect(() => mseLoss(pred, fromArray([1, 2]))).toThrow(ShapeError);
    expect(() => mseLoss(pred, fromArray([1, 2]))).toThrow(/\[2, 2\] and \[2\]/);
  });

  it('rejects integer predictions', () => {
    expect(() => mseLoss(fromArray([1], { dtype: 'int32' }), fromArray([1]))).toThrow(DTypeError);
  });
});
