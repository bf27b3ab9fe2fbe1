import { Generator } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { randomIntegers, randomUnits } from './random.js';

describe('host-side random draws', () => {
  it('gives numbers in [0, 1) with more than 24 random bits', () => {
    const units = randomUnits(new Generator(3), 1000);
    expect(units.every((u) => u >= 0 && u < 1)).toBe(true);
    // A 24-bit uniform times 2^24 is an integer; a 48-bit one almost never is.
    expect(units.filter((u) => Number.isInteger(u * 2 ** 24)).length).toBeLessThan(5);
  });

  it('replays the same draws from a restored generator state', () => {
    const generator = new Generator(11);
    randomUnits(generator, 5);
    const saved = generator.getState();
    const first = randomIntegers(generator, 7, 100);
    generator.setState(saved);
    expect(randomIntegers(generator, 7, 100)).toEqual(first);
  });

  it('draws every integer below the bound about equally often', () => {
    const counts = new Array<number>(5).fill(0);
    for (const v of randomIntegers(new Generator(0), 5000, 5)) counts[v]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(130); // 4.5 σ
  });
});
