import { ArgumentError, Generator } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { shuffledBatches } from './shuffled-batches.js';

const flat = (batches: Int32Array[]): number[] => batches.flatMap((b) => Array.from(b));

describe('shuffledBatches', () => {
  it('cuts a permutation of 0 … count − 1 into batches, the last one smaller', () => {
    const batches = shuffledBatches(103, { batchSize: 10, generator: new Generator(0) });
    expect(batches.map((b) => b.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    const all = flat(batches);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(all).not.toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  it('drops a short last batch with dropLast', () => {
    const batches = shuffledBatches(103, { batchSize: 10, generator: new Generator(0), dropLast: true });
    expect(batches.map((b) => b.length)).toEqual(new Array<number>(10).fill(10));
  });

  it('gives the same order for the same seed and a new order each epoch', () => {
    const a = new Generator(4);
    const b = new Generator(4);
    const first = flat(shuffledBatches(50, { batchSize: 8, generator: a }));
    expect(flat(shuffledBatches(50, { batchSize: 8, generator: b }))).toEqual(first);
    expect(flat(shuffledBatches(50, { batchSize: 8, generator: a }))).not.toEqual(first);
  });

  it('makes every permutation equally likely (Fisher–Yates)', () => {
    const generator = new Generator(9);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = flat(shuffledBatches(3, { batchSize: 3, generator })).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(130); // about 4.5 σ
  });

  it('keeps the order without shuffling, and then needs no generator', () => {
    expect(shuffledBatches(5, { batchSize: 2, shuffle: false }).map((b) => Array.from(b))).toEqual([[0, 1], [2, 3], [4]]);
    expect(shuffledBatches(0, { batchSize: 2, shuffle: false })).toEqual([]);
  });

  it('asks for a generator to shuffle', () => {
    expect(() => shuffledBatches(5, { batchSize: 2 })).toThrow(ArgumentError);
    expect(() => shuffledBatches(5, { batchSize: 0, shuffle: false })).toThrow('shuffledBatches: batchSize must be an integer ≥ 1, got 0');
  });
});
