import { describe, expect, it } from 'vitest';
import { decadeSplits } from './log-scale.js';

const exponents = (splits: readonly number[]): number[] => splits.map((split) => Math.round(Math.log10(split)));

describe('decadeSplits', () => {
  it('ticks every decade when there are few', () => {
    expect(exponents(decadeSplits([1e-3, 1], 5))).toEqual([-3, -2, -1, 0]);
  });

  it('ticks every k-th decade, keeping the top one, when there are many', () => {
    expect(exponents(decadeSplits([1e-10, 1], 5))).toEqual([-9, -6, -3, 0]);
  });
});
