import { ArgumentError, createCpuBackend, dispose, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { padSequences } from './pad-sequences.js';

setBackend(createCpuBackend());

describe('padSequences', () => {
  it('pads token sequences at the end into time-major int32 [T, B], with their lengths', () => {
    const { x, lengths } = padSequences([[5, 6, 7], [8], Int32Array.from([9, 4])]);
    expect(x.dtype).toBe('int32');
    expect(x.arraySync()).toEqual([[5, 8, 9], [6, 0, 4], [7, 0, 0]]);
    expect(lengths).toEqual([3, 1, 2]);
    dispose(x);
  });

  it('lays the batch out batch-major [B, T] on request, with any pad value', () => {
    const { x } = padSequences([[5, 6, 7], [8]], { layout: 'batch-major', padValue: -1 });
    expect(x.arraySync()).toEqual([[5, 6, 7], [8, -1, -1]]);
    dispose(x);
  });

  it('pads or cuts every sequence to exactly maxLength steps, keeping the first ones', () => {
    const cut = padSequences([[5, 6, 7], [8]], { maxLength: 2 });
    expect(cut.x.arraySync()).toEqual([[5, 8], [6, 0]]);
    expect(cut.lengths).toEqual([2, 1]);
    const padded = padSequences([[5], [8]], { maxLength: 3, layout: 'batch-major' });
    expect(padded.x.arraySync()).toEqual([[5, 0, 0], [8, 0, 0]]);
    dispose([cut.x, padded.x]);
  });

  it('pads feature sequences into float32 [T, B, F]', () => {
    const { x, lengths } = padSequences([[[1, 2], [3, 4]], [Float32Array.from([5, 6])]]);
    expect(x.dtype).toBe('float32');
    expect(x.arraySync()).toEqual([[[1, 2], [5, 6]], [[3, 4], [0, 0]]]);
    expect(lengths).toEqual([2, 1]);
    const batchMajor = padSequences([[[1, 2], [3, 4]], [[5, 6]]], { layout: 'batch-major' });
    expect(batchMajor.x.shape).toEqual([2, 2, 2]);
    expect(batchMajor.x.arraySync()).toEqual([[[1, 2], [3, 4]], [[5, 6], [0, 0]]]);
    dispose([x, batchMajor.x]);
  });

  it('rejects an empty batch, ragged features and non-integer tokens', () => {
    expect(() => padSequences([])).toThrow('padSequences: sequences is empty; a batch needs at least one sequence');
    expect(() => padSequences([[[1, 2]], [[3]]])).toThrow('sequence 1 step 0 has 1 features, but the first step has 2 features');
    expect(() => padSequences([[1, 2.5]])).toThrow("sequence 0 step 1 holds 2.5, not an int32 value; pass { dtype: 'float32' } for real values");
    expect(() => padSequences([[1]], { maxLength: 0 })).toThrow(ArgumentError);
  });

  it('keeps real values with dtype float32', () => {
    const { x } = padSequences([[0.5, 1.5]], { dtype: 'float32' });
    expect(x.arraySync()).toEqual([[0.5], [1.5]]);
    dispose(x);
  });
});
