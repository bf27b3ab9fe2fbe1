import { describe, expect, it } from 'vitest';
import { batchRowGrain, grainForFlops, splitRange } from '../runner.js';

describe('splitRange', () => {
  it('covers [0, count) with contiguous, even slices of at least grain items, at most parts of them', () => {
    for (let count = 1; count <= 70; count++) {
      for (let parts = 1; parts <= 9; parts++) {
        for (let grain = 1; grain <= 12; grain++) {
          const slices = splitRange(count, parts, grain);
          expect(slices.length).toBe(Math.max(1, Math.min(parts, Math.floor(count / grain))));
          expect(slices[0]![0]).toBe(0);
          expect(slices[slices.length - 1]![1]).toBe(count);
          slices.forEach(([begin, end], i) => {
            if (i > 0) expect(begin).toBe(slices[i - 1]![1]);
            expect(end - begin).toBeGreaterThanOrEqual(Math.min(grain, count));
          });
          const sizes = slices.map(([b, e]) => e - b);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('gives no slice for no work, and one for less than two grains', () => {
    expect(splitRange(0, 4)).toEqual([]);
    expect(splitRange(5, 4, 3)).toEqual([[0, 5]]);
    expect(splitRange(6, 4, 3)).toEqual([[0, 3], [3, 6]]);
  });
});

describe('the grain policy', () => {
  it('gives a thread at least 2^20 flops of work', () => {
    expect(grainForFlops(2 * 4 * 1024 * 1024)).toBe(1);
    expect(grainForFlops(2 * 4 * 64 * 64)).toBe(32);
  });

  it("splits a recurrence's batch rows by onnxruntime's rule: more than 4, or 2 or more with hidden ≤ 256", () => {
    expect(batchRowGrain(5, 1024)).toBe(1);
    expect(batchRowGrain(2, 256)).toBe(1);
    expect(batchRowGrain(4, 257)).toBe(4);
    expect(batchRowGrain(1, 64)).toBe(1);
    expect(splitRange(4, 2, batchRowGrain(4, 512))).toEqual([[0, 4]]);
  });
});
