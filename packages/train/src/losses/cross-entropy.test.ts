import { ArgumentError, createCpuBackend, DTypeError, fromArray, grad, setBackend, ShapeError, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy } from './cross-entropy.js';
import { centralDifferences } from './finite-differences.js';
import { sequenceMask } from './sequence-mask.js';

setBackend(createCpuBackend());

const ints = (values: number[] | number[][]): Tensor => fromArray(values, { dtype: 'int32' });
/** −log softmax(row)[k], by hand. */
const nll = (row: number[], k: number): number => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[k]!;

const rows = [
  [2, 0, -1],
  [0, 0, 0],
  [1, 3, -2],
];

describe('crossEntropy', () => {
  it('averages −log softmax(logits)[target] over positions by default', () => {
    const loss = crossEntropy(fromArray(rows), ints([0, 2, 1]));
    expect(loss.shape).toEqual([]);
    expect(loss.itemSync()).toBeCloseTo((nll(rows[0]!, 0) + Math.log(3) + nll(rows[2]!, 1)) / 3, 5);
  });

  it("gives one value per position with reduction 'none' and their total with 'sum'", () => {
    const expected = [nll(rows[0]!, 0), Math.log(3), nll(rows[2]!, 1)];
    const none = crossEntropy(fromArray(rows), ints([0, 2, 1]), { reduction: 'none' });
    expect(Array.from(none.dataSync())).toEqual(expected.map((v) => expect.closeTo(v, 5) as unknown));
    const total = crossEntropy(fromArray(rows), ints([0, 2, 1]), { reduction: 'sum' }).itemSync();
    expect(total).toBeCloseTo(expected[0]! + expected[1]! + expected[2]!, 5);
  });

  it('takes the class axis last, for [T, B, C] sequence logits', () => {
    const logits = fromArray([[rows[0]!, rows[1]!], [rows[2]!, rows[0]!]]);
    const loss = crossEntropy(logits, ints([[0, 2], [1, 1]]), { reduction: 'none' });
    expect(loss.shape).toEqual([2, 2]);
    expect(loss.arraySync()).toEqual([
      [expect.closeTo(nll(rows[0]!, 0), 5), expect.closeTo(Math.log(3), 5)],
      [expect.closeTo(nll(rows[2]!, 1), 5), expect.closeTo(nll(rows[0]!, 1), 5)],
    ]);
  });

  it('excludes ignoreIndex targets from the sum and from the mean’s denominator (PyTorch)', () => {
    const loss = crossEntropy(fromArray(rows), ints([0, -100, 1]), { ignoreIndex: -100 }).itemSync();
    expect(loss).toBeCloseTo((nll(rows[0]!, 0) + nll(rows[2]!, 1)) / 2, 5);
    const none = crossEntropy(fromArray(rows), ints([0, -100, 1]), { ignoreIndex: -100, reduction: 'none' });
    expect(none.dataSync()[1]).toBeCloseTo(0, 10);
  });

  it('ignores a padding id that is itself a valid class', () => {
    const loss = crossEntropy(fromArray(rows), ints([1, 0, 1]), { ignoreIndex: 0 }).itemSync();
    expect(loss).toBeCloseTo((nll(rows[0]!, 1) + nll(rows[2]!, 1)) / 2, 5);
  });

  it('excludes masked positions from the mean, with a mask from sequence lengths', () => {
    // [T=2, B=2]: the second sequence has length 1, so (t=1, b=1) is padding.
    const logits = fromArray([[rows[0]!, rows[1]!], [rows[2]!, rows[0]!]]);
    const mask = sequenceMask([2, 1], 2, { layout: 'time-major' });
    const loss = crossEntropy(logits, ints([[0, 2], [1, 1]]), { mask }).itemSync();
    expect(loss).toBeCloseTo((nll(rows[0]!, 0) + Math.log(3) + nll(rows[2]!, 1)) / 3, 5);
  });

  it('broadcasts a mask over the leading axes', () => {
    const logits = fromArray([[rows[0]!, rows[1]!], [rows[2]!, rows[0]!]]);
    const loss = crossEntropy(logits, ints([[0, 2], [1, 1]]), { mask: fromArray([1, 0]) }).itemSync();
    expect(loss).toBeCloseTo((nll(rows[0]!, 0) + nll(rows[2]!, 1)) / 2, 5);
  });

  it('is NaN as a mean over no counted positions, as PyTorch', () => {
    expect(crossEntropy(fromArray([rows[0]!]), ints([1]), { ignoreIndex: 1 }).itemSync()).toBeNaN();
  });

  it('smooths labels to (1 − ε)·onehot + ε/C, the closed form (1 − ε)·nll + ε·mean_c(−log p_c)', () => {
    const eps = 0.1;
    const row = rows[2]!;
    const meanNll = [0, 1, 2].reduce((s, c) => s + nll(row, c), 0) / 3;
    const loss = crossEntropy(fromArray([row]), ints([1]), { labelSmoothing: eps }).itemSync();
    expect(loss).toBeCloseTo((1 - eps) * nll(row, 1) + eps * meanNll, 5);
  });

  it('accepts class probabilities of the logits’ shape as the target', () => {
    const q = [0.25, 0.75, 0];
    const loss = crossEntropy(fromArray([rows[0]!]), fromArray([q])).itemSync();
    expect(loss).toBeCloseTo(0.25 * nll(rows[0]!, 0) + 0.75 * nll(rows[0]!, 1), 5);
  });

  it('equals the class-index loss for one-hot probabilities, with label smoothing too', () => {
    const byIndex = crossEntropy(fromArray(rows), ints([0, 2, 1]), { labelSmoothing: 0.2 }).itemSync();
    const probabilities = fromArray([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(crossEntropy(fromArray(rows), probabilities, { labelSmoothing: 0.2 }).itemSync()).toBeCloseTo(byIndex, 5);
  });

  it('stays finite for logits of magnitude 1000', () => {
    const loss = crossEntropy(fromArray([[1000, -1000, 0]]), ints([1])).itemSync();
    expect(loss).toBeCloseTo(2000, 2);
  });

  it('has gradient (softmax − q)·w / Σw, matching central differences in float64', () => {
    const target = ints([[0, 2], [1, 1]]);
    const mask = sequenceMask([2, 1], 2, { layout: 'time-major' });
    const f = (x: Tensor): Tensor => crossEntropy(x, target, { mask, labelSmoothing: 0.1 });
    const logits = fromArray([[rows[0]!, rows[1]!], [rows[2]!, [0.5, -0.3, 0.2]]], { dtype: 'float64' });
    const [analytic] = grad(f)(logits);
    const numeric = centralDifferences(f, logits);
    expect(Array.from(analytic!.dataSync())).toEqual(Array.from(numeric, (v) => expect.closeTo(v, 7) as unknown));
    // The masked position (t=1, b=1) gets no gradient at all.
    expect(Array.from(analytic!.dataSync().slice(9))).toEqual([0, 0, 0]);
  });

  it('has the same finite-difference gradient for probability targets with ignoreIndex-free sum', () => {
    const q = fromArray([[0.2, 0.3, 0.5], [0.9, 0.1, 0]], { dtype: 'float64' });
    const f = (x: Tensor): Tensor => crossEntropy(x, q, { reduction: 'sum' });
    const logits = fromArray([rows[0]!, rows[2]!], { dtype: 'float64' });
    const [analytic] = grad(f)(logits);
    const numeric = centralDifferences(f, logits);
    expect(Array.from(analytic!.dataSync())).toEqual(Array.from(numeric, (v) => expect.closeTo(v, 7) as unknown));
  });

  describe('errors', () => {
    it('rejects a class-index target whose shape is not logits.shape[:-1], naming both shapes', () => {
      const call = (): Tensor => crossEntropy(fromArray(rows), ints([0, 1]));
      expect(call).toThrow(ShapeError);
      expect(call).toThrow(/\[3, 3\] and \[2\]/);
    });

    it('rejects probabilities whose shape differs from the logits’', () => {
      expect(() => crossEntropy(fromArray(rows), fromArray([[1, 0, 0]]))).toThrow(ShapeError);
    });

    it('rejects a mask that does not broadcast to the positions', () => {
      expect(() => crossEntropy(fromArray(rows), ints([0, 1, 2]), { mask: fromArray([true, false]) })).toThrow(ShapeError);
    });

    it('names the value and position of a class index outside [0, C)', () => {
      const logits = fromArray([[rows[0]!, rows[1]!], [rows[2]!, rows[0]!]]);
      const call = (): Tensor => crossEntropy(logits, ints([[0, 2], [3, 1]]));
      expect(call).toThrow(ArgumentError);
      expect(call).toThrow('class index 3 at position [1, 0] is outside [0, 3)');
    });

    it('does not check the class index of a masked-out (padding) position', () => {
      const mask = fromArray([true, false]);
      const loss = crossEntropy(fromArray([rows[0]!, rows[1]!]), ints([0, -1]), { mask }).itemSync();
      expect(loss).toBeCloseTo(nll(rows[0]!, 0), 5);
    });

    it('rejects integer logits', () => {
      expect(() => crossEntropy(ints([[1, 2]]), ints([0]))).toThrow(DTypeError);
    });

    it('rejects label smoothing outside [0, 1]', () => {
      expect(() => crossEntropy(fromArray(rows), ints([0, 1, 2]), { labelSmoothing: 1.5 })).toThrow(ArgumentError);
    });

    it('rejects ignoreIndex with probability targets, which have no index to compare', () => {
      expect(() => crossEntropy(fromArray([rows[0]!]), fromArray([[1, 0, 0]]), { ignoreIndex: 0 })).toThrow(ArgumentError);
    });
  });
});
