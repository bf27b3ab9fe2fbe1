import { ArgumentError, createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { noisySines, repeatLastValueMse } from './noisy-sines.js';

setBackend(createCpuBackend());

describe('noisySines', () => {
  it('is the sum of the two sines plus noise of standard deviation σ', () => {
    const options = { length: 4000, periods: [40, 13] as const };
    const clean = noisySines(new Generator(1), { ...options, noise: 0 });
    expect(clean[10]).toBeCloseTo(Math.sin((2 * Math.PI * 10) / 40) + 0.5 * Math.sin((2 * Math.PI * 10) / 13), 6);
    const noisy = noisySines(new Generator(1), { ...options, noise: 0.2 });
    const variance = noisy.reduce((s, v, t) => s + (v - clean[t]!) ** 2, 0) / options.length;
    expect(Math.sqrt(variance)).toBeGreaterThan(0.18);
    expect(Math.sqrt(variance)).toBeLessThan(0.22);
  });

  it('names a bad period or noise level', () => {
    expect(() => noisySines(new Generator(0), { length: 10, periods: [0, 3], noise: 0.1 })).toThrow(ArgumentError);
    expect(() => noisySines(new Generator(0), { length: 10, periods: [0, 3], noise: 0.1 })).toThrow(/^noisySines: periods/);
    expect(() => noisySines(new Generator(0), { length: 10, periods: [5, 3], noise: -1 })).toThrow(/^noisySines: noise/);
  });
});

describe('repeatLastValueMse', () => {
  it('scores each of the horizon steps against the last value of its window', () => {
    // Windows of 2 over [0, 1, 3, 6]: [0, 1] → 3 (error 2), [1, 3] → 6 (error 3) for horizon 1.
    expect(repeatLastValueMse([0, 1, 3, 6], 2, 1)).toBe((4 + 9) / 2);
    // Horizon 2 leaves one window, [0, 1] → 3, 6: errors 2 and 5.
    expect(repeatLastValueMse([0, 1, 3, 6], 2, 2)).toBe((4 + 25) / 2);
  });

  it('refuses a series too short for one window and its horizon', () => {
    expect(() => repeatLastValueMse([0, 1, 3], 2, 2)).toThrow(ArgumentError);
    expect(() => repeatLastValueMse([0, 1, 3], 2, 2)).toThrow(/^repeatLastValueMse: series has 3 steps/);
  });
});
