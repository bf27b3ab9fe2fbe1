import { createCpuBackend, dispose, fromArray, numHandles, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { gatherBatch } from './gather-batch.js';

setBackend(createCpuBackend());

describe('gatherBatch', () => {
  it('picks examples by index along the batch axis and frees its index tensor', () => {
    const inputs = fromArray([[[1], [2], [3]], [[4], [5], [6]]]); // [T=2, N=3, F=1]
    const before = numHandles();
    const batch = gatherBatch(inputs, Int32Array.from([2, 0]), 1);
    expect(numHandles()).toBe(before + 1);
    expect(batch.arraySync()).toEqual([[[3], [1]], [[6], [4]]]);
    dispose([inputs, batch]);
  });
});
