import { ArgumentError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { splitTrainValidation } from './split.js';

const ids = Int32Array.from({ length: 10 }, (_, i) => i);

describe('splitTrainValidation', () => {
  it('holds out the last floor(length · fraction) ids, as the reference', () => {
    const { train, validation } = splitTrainValidation(ids, 0.25);
    expect(Array.from(train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(validation)).toEqual([8, 9]);
  });

  it('returns views of the ids, not copies', () => {
    const { train, validation } = splitTrainValidation(ids, 0.1);
    expect(train.buffer).toBe(ids.buffer);
    expect(validation.buffer).toBe(ids.buffer);
    expect(validation.length).toBe(1);
  });

  it('keeps every id for training with a fraction of 0', () => {
    const { train, validation } = splitTrainValidation(ids, 0);
    expect(train.length).toBe(10);
    expect(validation.length).toBe(0);
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() => splitTrainValidation(ids, 1)).toThrow(ArgumentError);
    expect(() => splitTrainValidation(ids, -0.1)).toThrow('splitTrainValidation: validationFraction must be in [0, 1), got -0.1');
    expect(() => splitTrainValidation(ids, Number.NaN)).toThrow(ArgumentError);
  });
});
