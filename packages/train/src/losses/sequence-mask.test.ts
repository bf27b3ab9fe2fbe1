import { ArgumentError, createCpuBackend, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { sequenceMask } from './sequence-mask.js';

setBackend(createCpuBackend());

describe('sequenceMask', () => {
  it('marks step t of sequence b when t < lengths[b], as [T, B] for time-major', () => {
    const mask = sequenceMask([3, 1, 0], 3, { layout: 'time-major' });
    expect(mask.dtype).toBe('bool');
    expect(mask.shape).toEqual([3, 3]);
    expect(mask.arraySync()).toEqual([
      [true, true, false],
      [true, false, false],
      [true, false, false],
    ]);
  });

  it('is the transpose, [B, T], for batch-major', () => {
    const mask = sequenceMask([3, 1], 4, { layout: 'batch-major' });
    expect(mask.arraySync()).toEqual([
      [true, true, true, false],
      [true, false, false, false],
    ]);
  });

  it('names the length that is not an integer in [0, steps]', () => {
    expect(() => sequenceMask([2, 5], 4, { layout: 'time-major' })).toThrow(ArgumentError);
    expect(() => sequenceMask([2, 5], 4, { layout: 'time-major' })).toThrow('value 5 at index 1');
    expect(() => sequenceMask([1.5], 4, { layout: 'time-major' })).toThrow(ArgumentError);
  });
});
