import { ArgumentError, createCpuBackend, DTypeError, fromArray, grad, numHandles, permute, setBackend, ShapeError, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { padSequences } from '../data/batching/pad-sequences.js';
import { centralDifferences } from './finite-differences.js';
import { sequenceCrossEntropy } from './sequence-cross-entropy.js';

setBackend(createCpuBackend());

const ints = (values: number[][]): Tensor => fromArray(values, { dtype: 'int32' });
/** −log softmax(row)[k], by hand. */
const nll = (row: number[], k: number): number => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[k]!;
/** ε-smoothed loss by hand: (1 − ε)·nll(k) + ε·mean_c nll(c). */
const smoothed = (row: number[], k: number, eps: number): number => (1 - eps) * nll(row, k) + (eps * row.reduce((s, _, c) => s + nll(row, c), 0)) / row.length;

// [T=3, B=2, V=3] time-major; sequence 0 has length 3, sequence 1 length 1.
const rows = [
  [[2, 0, -1], [0.5, -0.3, 0.2]],
  [[0, 0, 0], [9, -9, 4]],
  [[1, 3, -2], [-4, 8, 1]],
];
const logits = (dtype: 'float32' | 'float64' = 'float64'): Tensor => fromArray(rows, { dtype });
const lengths = [3, 1];
// Real targets: (t, b) = (0, 0) → 0, (1, 0) → 2, (2, 0) → 1, (0, 1) → 1; the rest is padding.
const real: [number[], number][] = [
  [rows[0]![0]!, 0],
  [rows[1]![0]!, 2],
  [rows[2]![0]!, 1],
  [rows[0]![1]!, 1],
];
const targetsWith = (pad: [number, number]): Tensor => ints([[0, 1], [2, pad[0]], [1, pad[1]]]);

describe('sequenceCrossEntropy', () => {
  it('averages −log softmax over the real tokens only, as a float scalar', () => {
    const loss = sequenceCrossEntropy(logits(), targetsWith([0, 0]), lengths);
    expect(loss.shape).toEqual([]);
    expect(loss.dtype).toBe('float64');
    expect(loss.itemSync()).toBeCloseTo(real.reduce((s, [row, k]) => s + nll(row, k), 0) / 4, 12);
  });

  it("adds the real tokens' losses with 'sum' and keeps one per step, 0 at padding, with 'none'", () => {
    const total = sequenceCrossEntropy(logits(), targetsWith([0, 0]), lengths, { reduction: 'sum' }).itemSync();
    expect(total).toBeCloseTo(real.reduce((s, [row, k]) => s + nll(row, k), 0), 12);
    const none = sequenceCrossEntropy(logits(), targetsWith([2, 1]), lengths, { reduction: 'none' });
    expect(none.shape).toEqual([3, 2]);
    expect(none.arraySync()).toEqual([
      [expect.closeTo(nll(rows[0]![0]!, 0), 12), expect.closeTo(nll(rows[0]![1]!, 1), 12)],
      [expect.closeTo(nll(rows[1]![0]!, 2), 12), 0],
      [expect.closeTo(nll(rows[2]![0]!, 1), 12), 0],
    ]);
  });

  it('does not depend on the ids padding holds, even ids outside [0, V)', () => {
    const expected = sequenceCrossEntropy(logits(), targetsWith([0, 0]), lengths).itemSync();
    for (const pad of [[2, 1], [7, -1], [-100, 2147483647]] as [number, number][]) {
      expect(sequenceCrossEntropy(logits(), targetsWith(pad), lengths).itemSync()).toBe(expected);
      const smooth = (p: [number, number]): number => sequenceCrossEntropy(logits(), targetsWith(p), lengths, { labelSmoothing: 0.2 }).itemSync();
      expect(smooth(pad)).toBe(smooth([0, 0]));
    }
  });

  it('smooths labels as crossEntropy does', () => {
    const eps = 0.1;
    const loss = sequenceCrossEntropy(logits(), targetsWith([7, -1]), lengths, { labelSmoothing: eps }).itemSync();
    expect(loss).toBeCloseTo(real.reduce((s, [row, k]) => s + smoothed(row, k, eps), 0) / 4, 12);
  });

  it('reads [B, T, V] logits and [B, T] targets with batch-major layout, giving the same loss', () => {
    const batchMajor = permute(logits(), [1, 0, 2]);
    const targets = ints([[0, 2, 1], [1, 99, -5]]);
    const loss = sequenceCrossEntropy(batchMajor, targets, lengths, { layout: 'batch-major' }).itemSync();
    expect(loss).toBeCloseTo(sequenceCrossEntropy(logits(), targetsWith([0, 0]), lengths).itemSync(), 14);
    const none = sequenceCrossEntropy(batchMajor, targets, lengths, { layout: 'batch-major', reduction: 'none' });
    expect(none.shape).toEqual([2, 3]);
    expect(Array.from(none.dataSync().slice(4))).toEqual([0, 0]);
  });

  it('counts a sequence of length 0 for nothing, and is NaN as a mean over no real token (PyTorch)', () => {
    const withEmpty = sequenceCrossEntropy(logits(), targetsWith([0, 0]), [3, 0]).itemSync();
    expect(withEmpty).toBeCloseTo((nll(rows[0]![0]!, 0) + nll(rows[1]![0]!, 2) + nll(rows[2]![0]!, 1)) / 3, 12);
    expect(sequenceCrossEntropy(logits(), targetsWith([0, 0]), [0, 0]).itemSync()).toBeNaN();
    expect(sequenceCrossEntropy(logits(), targetsWith([0, 0]), [0, 0], { reduction: 'sum' }).itemSync()).toBe(0);
  });

  it('has the central-difference gradient, exactly zero at every padded step', () => {
    const targets = targetsWith([7, -1]);
    for (const labelSmoothing of [0, 0.1]) {
      const f = (x: Tensor): Tensor => sequenceCrossEntropy(x, targets, lengths, { labelSmoothing });
      const [analytic] = grad(f)(logits());
      const numeric = centralDifferences(f, logits());
      expect(Array.from(analytic!.dataSync())).toEqual(Array.from(numeric, (v) => expect.closeTo(v, 8) as unknown));
      // Flat [t, b, :] rows: (1, 1) at 9..11 and (2, 1) at 15..17 are padding.
      const g = analytic!.arraySync() as number[][][];
      expect([g[1]![1], g[2]![1]]).toEqual([[0, 0, 0], [0, 0, 0]]);
      expect(g[0]![1]!.some((v) => v !== 0)).toBe(true);
    }
  });

  it('works in float32 too, and frees its mask', () => {
    const x = logits('float32');
    const targets = targetsWith([0, 0]);
    const before = numHandles();
    const loss = sequenceCrossEntropy(x, targets, lengths);
    expect(numHandles()).toBe(before + 1);
    expect(loss.dtype).toBe('float32');
    expect(loss.itemSync()).toBeCloseTo(real.reduce((s, [row, k]) => s + nll(row, k), 0) / 4, 5);
  });

  it('takes the targets and lengths padSequences gives (README-style)', () => {
    const { x: targets, lengths: lens } = padSequences([[2, 0], [1]]); // [[2, 1], [0, 0]], [2, 1]
    const scores = fromArray([[[0, 0, 5], [0, 5, 0]], [[5, 0, 0], [1, 1, 1]]], { dtype: 'float64' });
    const loss = sequenceCrossEntropy(scores, targets, lens).itemSync();
    expect(loss).toBeCloseTo(nll([0, 0, 5], 2), 12); // three tokens, each predicted with the same margin
  });

  describe('errors', () => {
    it('rejects logits that are not float or not [T, B, V]', () => {
      expect(() => sequenceCrossEntropy(ints([[1, 2]]), targetsWith([0, 0]), lengths)).toThrow(DTypeError);
      const flat = (): Tensor => sequenceCrossEntropy(fromArray([[1, 2, 3]]), targetsWith([0, 0]), lengths);
      expect(flat).toThrow(ShapeError);
      expect(flat).toThrow('sequenceCrossEntropy: logits must have rank 3, [steps, batch, classes] (time-major) (got [1, 3])');
      expect(() => sequenceCrossEntropy(fromArray([[1, 2]]), targetsWith([0, 0]), lengths, { layout: 'batch-major' })).toThrow(/\[batch, steps, classes\] \(batch-major\)/);
      expect(() => sequenceCrossEntropy(fromArray([], { shape: [3, 2, 0] }), targetsWith([0, 0]), lengths)).toThrow('sequenceCrossEntropy: logits has no classes (shape [3, 2, 0])');
    });

    it('rejects targets that are not int32 or not logits.shape[:-1], naming both shapes', () => {
      expect(() => sequenceCrossEntropy(logits(), fromArray([[0, 1], [2, 0], [1, 0]]), lengths)).toThrow(DTypeError);
      const call = (): Tensor => sequenceCrossEntropy(logits(), ints([[0, 1, 2], [1, 0, 0]]), lengths);
      expect(call).toThrow(ShapeError);
      expect(call).toThrow('sequenceCrossEntropy: targets must have shape [3, 2] (got [3, 2, 3] and [2, 3])');
    });

    it('rejects lengths of the wrong count or outside [0, T], naming the value and its index', () => {
      const count = (): Tensor => sequenceCrossEntropy(logits(), targetsWith([0, 0]), [3]);
      expect(count).toThrow(ArgumentError);
      expect(count).toThrow('sequenceCrossEntropy: lengths has 1 entries, but the batch has 2 sequences (logits [3, 2, 3], time-major)');
      const range = (): Tensor => sequenceCrossEntropy(logits(), targetsWith([0, 0]), [3, 4]);
      expect(range).toThrow(ArgumentError);
      expect(range).toThrow('sequenceCrossEntropy: lengths value 4 at index 1 is not an integer in [0, 3], the number of steps');
      expect(() => sequenceCrossEntropy(logits(), targetsWith([0, 0]), [1.5, 1])).toThrow('value 1.5 at index 0');
      expect(() => sequenceCrossEntropy(logits(), targetsWith([0, 0]), [-1, 1])).toThrow('value -1 at index 0');
      // batch-major: B is logits.shape[0], T logits.shape[1]
      expect(() => sequenceCrossEntropy(logits(), targetsWith([0, 0]), [2, 2], { layout: 'batch-major' })).toThrow('lengths has 2 entries, but the batch has 3 sequences');
    });

    it('rejects an unknown layout or reduction and label smoothing outside [0, 1]', () => {
      const layout = 'steps-first' as unknown as 'time-major';
      expect(() => sequenceCrossEntropy(logits(), targetsWith([0, 0]), lengths, { layout })).toThrow(`sequenceCrossEntropy: layout must be 'time-major' or 'batch-major', got "steps-first"`);
      const reduction = 'avg' as unknown as 'mean';
      expect(() => sequenceCrossEntropy(logits(), targetsWith([0, 0]), lengths, { reduction })).toThrow(`sequenceCrossEntropy: reduction must be 'mean', 'sum' or 'none', got "avg"`);
      expect(() => sequenceCrossEntropy(logits(), targetsWith([0, 0]), lengths, { labelSmoothing: -0.1 })).toThrow('sequenceCrossEntropy: labelSmoothing must be in [0, 1], got -0.1');
    });

    it('rejects a real token whose id is outside [0, V), naming its position', () => {
      const call = (): Tensor => sequenceCrossEntropy(logits(), ints([[0, 3], [2, 0], [1, 0]]), lengths);
      expect(call).toThrow(ArgumentError);
      expect(call).toThrow('class index 3 at position [0, 1] is outside [0, 3)');
    });
  });
});
