import { ArgumentError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { RunningMean } from './running-mean.js';

describe('RunningMean', () => {
  it('weights each value by its count, giving the exact mean over unequal batches', () => {
    const loss = new RunningMean().add(2, 32).add(1, 16);
    expect(loss.mean).toBeCloseTo(5 / 3, 12);
    expect(loss.count).toBe(48);
  });

  it('counts each value once by default', () => {
    expect(new RunningMean().add(1).add(2).add(6).mean).toBe(3);
  });

  it('is NaN before anything is counted, and after reset', () => {
    const m = new RunningMean();
    expect(m.mean).toBeNaN();
    m.add(4, 2).reset();
    expect(m.mean).toBeNaN();
    expect(m.count).toBe(0);
  });

  it('ignores values with count 0 (an all-padding batch)', () => {
    expect(new RunningMean().add(1, 2).add(Number.NaN, 0).mean).toBe(1);
  });

  it('rejects a negative count', () => {
    expect(() => new RunningMean().add(1, -1)).toThrow(ArgumentError);
  });
});
