import { ArgumentError, createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { addingProblemBatch } from './adding-problem.js';

setBackend(createCpuBackend());

describe('addingProblemBatch', () => {
  it('marks one step in each half and targets the sum of the two marked values', () => {
    const steps = 12;
    const batchSize = 40;
    const batch = addingProblemBatch(new Generator(3), batchSize, steps);
    expect(batch.inputs).toHaveLength(steps * batchSize * 2);
    expect(batch.targets).toHaveLength(batchSize);
    for (let b = 0; b < batchSize; b++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < steps; t++) {
        const value = batch.inputs[(t * batchSize + b) * 2]!;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
        if (batch.inputs[(t * batchSize + b) * 2 + 1] === 1) {
          marked.push(t);
          sum += value;
        }
      }
      expect(marked).toHaveLength(2);
      expect(marked[0]).toBeLessThan(steps / 2);
      expect(marked[1]).toBeGreaterThanOrEqual(steps / 2);
      expect(batch.targets[b]).toBeCloseTo(sum, 5);
    }
  });

  it('draws the same batch from the same seed', () => {
    expect(addingProblemBatch(new Generator(9), 5, 8)).toEqual(addingProblemBatch(new Generator(9), 5, 8));
  });

  it('needs at least two steps, one for each marker', () => {
    expect(() => addingProblemBatch(new Generator(0), 4, 1)).toThrow(ArgumentError);
    expect(() => addingProblemBatch(new Generator(0), 4, 1)).toThrow('addingProblemBatch: steps must be an integer ≥ 2 (one marker in each half), got 1');
    expect(() => addingProblemBatch(new Generator(0), 0, 4)).toThrow(/batchSize/);
  });
});
