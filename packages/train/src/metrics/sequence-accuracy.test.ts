import { ArgumentError, createCpuBackend, DTypeError, fromArray, numHandles, oneHot, permute, setBackend, ShapeError, type Backend, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { sequenceAccuracy, tokenAccuracy } from './sequence-accuracy.js';

const cpu = createCpuBackend();
setBackend(cpu);

const ints = (values: number[][]): Tensor => fromArray(values, { dtype: 'int32' });
/** [T, B, V] logits whose argmax at (t, b) is predicted[t][b]. */
const predicting = (predicted: number[][], classes = 4): Tensor => oneHot(ints(predicted), classes, { dtype: 'float64' });

// T=3, B=4. lengths [3, 2, 1, 0]:
//   b=0: targets 1 2 3, predicted 1 2 3 → all right
//   b=1: targets 0 1 ·, predicted 0 3 · → step 1 wrong
//   b=2: targets 2 · ·, predicted 2 · · → right (padding predicted wrong: not looked at)
//   b=3: empty → right, no token counted
const predicted = [
  [1, 0, 2, 0],
  [2, 3, 1, 1],
  [3, 0, 0, 2],
];
const targets = ints([
  [1, 0, 2, 9],
  [2, 1, -1, 9],
  [3, 7, 5, 9],
]);
const lengths = [3, 2, 1, 0];

describe('tokenAccuracy', () => {
  it('is the share of real target tokens whose argmax is right, as a float scalar tensor', () => {
    const acc = tokenAccuracy(predicting(predicted), targets, lengths);
    expect(acc.shape).toEqual([]);
    expect(acc.dtype).toBe('float32');
    expect(acc.itemSync()).toBeCloseTo(5 / 6, 7);
  });

  it('does not look at padding, whatever ids it holds', () => {
    const padded = ints([[1, 0, 2, 0], [2, 1, 1, 1], [3, 0, 0, 2]]); // padding now matches the predictions
    expect(tokenAccuracy(predicting(predicted), padded, lengths).itemSync()).toBe(tokenAccuracy(predicting(predicted), targets, lengths).itemSync());
  });

  it('is NaN with no real tokens', () => {
    expect(tokenAccuracy(predicting(predicted), targets, [0, 0, 0, 0]).itemSync()).toBeNaN();
  });
});

describe('sequenceAccuracy', () => {
  it('is the share of sequences whose every real token is right; an empty sequence is right', () => {
    const acc = sequenceAccuracy(predicting(predicted), targets, lengths);
    expect(acc.shape).toEqual([]);
    expect(acc.dtype).toBe('float32');
    expect(acc.itemSync()).toBe(0.75);
  });

  it('changes with the lengths: the wrong step of sequence 1 counts only while it is real', () => {
    expect(sequenceAccuracy(predicting(predicted), targets, [3, 1, 1, 0]).itemSync()).toBe(1);
    expect(sequenceAccuracy(predicting(predicted), targets, [3, 2, 2, 0]).itemSync()).toBe(0.5); // b=2 step 1: 1 ≠ −1
    expect(sequenceAccuracy(predicting(predicted), targets, [0, 0, 0, 0]).itemSync()).toBe(1);
  });

  it('is right for a batch of zero steps and NaN for a batch of no sequences', () => {
    expect(sequenceAccuracy(fromArray([], { shape: [0, 2, 3] }), fromArray([], { shape: [0, 2], dtype: 'int32' }), [0, 0]).itemSync()).toBe(1);
    expect(sequenceAccuracy(fromArray([], { shape: [3, 0, 3] }), fromArray([], { shape: [3, 0], dtype: 'int32' }), []).itemSync()).toBeNaN();
  });

  it('frees everything but its result', () => {
    const x = predicting(predicted);
    const before = numHandles();
    const acc = sequenceAccuracy(x, targets, lengths);
    const tokens = tokenAccuracy(x, targets, lengths);
    expect(numHandles()).toBe(before + 2);
    expect([acc.itemSync(), tokens.itemSync()]).toEqual([0.75, expect.closeTo(5 / 6, 7)]);
  });
});

describe('both metrics', () => {
  it('read [B, T, V] logits and [B, T] targets with batch-major layout', () => {
    const logits = permute(predicting(predicted), [1, 0, 2]);
    const batchMajor = permute(targets, [1, 0]);
    expect(tokenAccuracy(logits, batchMajor, lengths, { layout: 'batch-major' }).itemSync()).toBeCloseTo(5 / 6, 7);
    expect(sequenceAccuracy(logits, batchMajor, lengths, { layout: 'batch-major' }).itemSync()).toBe(0.75);
  });

  it('run where reads are asynchronous only (WebGPU): nothing is read back', async () => {
    // The cpu backend as an async-only one: any synchronous read would throw.
    const asyncOnly: Backend = { ...cpu, caps: { ...cpu.caps, syncRead: false }, readSync: undefined };
    setBackend(asyncOnly);
    try {
      const logits = oneHot(ints(predicted), 4, { dtype: 'float32' });
      const t = ints([[1, 0, 2, 9], [2, 1, -1, 9], [3, 7, 5, 9]]);
      expect(logits.backend.caps.syncRead).toBe(false);
      expect(() => t.dataSync()).toThrow(/asynchronously/);
      const [tokens] = await tokenAccuracy(logits, t, lengths).data();
      const [sequences] = await sequenceAccuracy(logits, t, lengths).data();
      expect(tokens).toBeCloseTo(5 / 6, 7);
      expect(sequences).toBe(0.75);
    } finally {
      setBackend(cpu);
    }
  });

  describe('errors', () => {
    it('reject logits that are not [T, B, V] and targets that are not int32 logits.shape[:-1]', () => {
      for (const metric of [tokenAccuracy, sequenceAccuracy]) {
        expect(() => metric(fromArray([[1, 2]]), targets, lengths)).toThrow(ShapeError);
        expect(() => metric(predicting(predicted), fromArray([[1, 0, 2, 0]]), lengths)).toThrow(DTypeError);
        expect(() => metric(predicting(predicted), ints([[1, 0, 2, 0]]), lengths)).toThrow(`${metric.name}: targets must have shape [3, 4] (got [3, 4, 4] and [1, 4])`);
      }
    });

    it('reject lengths of the wrong count or outside [0, T], and an unknown layout', () => {
      for (const metric of [tokenAccuracy, sequenceAccuracy]) {
        expect(() => metric(predicting(predicted), targets, [3, 2, 1])).toThrow(ArgumentError);
        expect(() => metric(predicting(predicted), targets, [3, 2, 1])).toThrow(`${metric.name}: lengths has 3 entries, but the batch has 4 sequences`);
        expect(() => metric(predicting(predicted), targets, [3, 2, 1, 4])).toThrow(`${metric.name}: lengths value 4 at index 3 is not an integer in [0, 3]`);
        const layout = 'row-major' as unknown as 'time-major';
        expect(() => metric(predicting(predicted), targets, lengths, { layout })).toThrow(`${metric.name}: layout must be 'time-major' or 'batch-major', got "row-major"`);
      }
    });
  });
});
