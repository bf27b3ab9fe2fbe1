import { ArgumentError, createCpuBackend, dispose, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { sequentialChunks } from './sequential-chunks.js';

setBackend(createCpuBackend());

const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** Each batch as its columns (one chunk each): [x column, y column, count]. */
function columns(ids: Int32Array, seqLen: number, batchSize: number): { xs: number[][]; ys: number[][]; counts: number[] } {
  const xs: number[][] = [];
  const ys: number[][] = [];
  const counts: number[] = [];
  for (const batch of sequentialChunks(ids, { seqLen, batchSize })) {
    const [x, y] = [batch.x.arraySync() as number[][], batch.y.arraySync() as number[][]];
    expect(batch.x.shape).toEqual([seqLen, batch.count]);
    for (let b = 0; b < batch.count; b++) {
      xs.push(x.map((row) => row[b]!));
      ys.push(y.map((row) => row[b]!));
    }
    counts.push(batch.count);
    dispose([batch.x, batch.y]);
  }
  return { xs, ys, counts };
}

describe('sequentialChunks', () => {
  it('covers exactly floor((length − 1) / seqLen) · seqLen ids in order, targets one later', () => {
    // 23 ids, seqLen 5: L = floor(22 / 5) = 4 chunks over ids 0…19.
    const { xs, ys, counts } = columns(range(23), 5, 3);
    expect(counts).toEqual([3, 1]);
    expect(xs).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
      [15, 16, 17, 18, 19],
    ]);
    expect(ys).toEqual(xs.map((column) => column.map((v) => v + 1)));
  });

  it('yields the same batches every time it is called', () => {
    expect(columns(range(40), 4, 2)).toEqual(columns(range(40), 4, 2));
  });

  it('uses the very last id as a target when the length fits exactly', () => {
    const { xs, ys } = columns(range(11), 5, 8);
    expect(xs).toEqual([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
    expect(ys[1]).toEqual([6, 7, 8, 9, 10]);
  });

  it('checks its arguments when called, not at the first batch', () => {
    expect(() => sequentialChunks(range(5), { seqLen: 5, batchSize: 1 })).toThrow(
      'sequentialChunks: ids holds 5 tokens, too few for one chunk of seqLen 5 and its shifted targets (need 6)',
    );
    expect(() => sequentialChunks(range(50), { seqLen: 5, batchSize: 0 })).toThrow(ArgumentError);
  });
});
