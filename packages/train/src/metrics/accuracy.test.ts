import { createCpuBackend, DTypeError, fromArray, setBackend, ShapeError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { sequenceMask } from '../losses/sequence-mask.js';
import { accuracy } from './accuracy.js';

setBackend(createCpuBackend());

const logits = fromArray([
  [2, 1, 0], // predicts 0
  [0, 3, 1], // predicts 1
  [0, 1, 5], // predicts 2
  [4, 0, 0], // predicts 0
]);
const ints = (values: number[] | number[][]) => fromArray(values, { dtype: 'int32' });

describe('accuracy', () => {
  it('is the share of positions whose argmax is the target, as a scalar tensor', () => {
    const acc = accuracy(logits, ints([0, 1, 0, 2]));
    expect(acc.shape).toEqual([]);
    expect(acc.itemSync()).toBe(0.5);
  });

  it('does not count ignoreIndex targets', () => {
    expect(accuracy(logits, ints([0, 1, -100, -100]), { ignoreIndex: -100 }).itemSync()).toBe(1);
  });

  it('does not count masked positions, e.g. padding from sequence lengths', () => {
    // [T=2, B=2] with the second sequence of length 1.
    const sequences = fromArray([[[2, 1, 0], [0, 3, 1]], [[0, 1, 5], [4, 0, 0]]]);
    const mask = sequenceMask([2, 1], 2, { layout: 'time-major' });
    expect(accuracy(sequences, ints([[0, 1], [0, 2]]), { mask }).itemSync()).toBeCloseTo(2 / 3, 6);
  });

  it('rejects a target of the wrong shape or dtype', () => {
    expect(() => accuracy(logits, ints([0, 1]))).toThrow(ShapeError);
    expect(() => accuracy(logits, fromArray([0, 1, 0, 2]))).toThrow(DTypeError);
  });
});
