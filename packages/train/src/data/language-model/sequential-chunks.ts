/** Non-overlapping windows of a corpus in order: the validation layout. */
import { ArgumentError, fromArray, type Tensor } from '@rnn/tensor';
import { checkChunkOptions, type ChunkOptions } from './checks.js';

/** `count` (≤ batchSize) chunks side by side: `x` and `y` int32 `[seqLen, count]`. */
export type ChunkBatch = {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly count: number;
};

/**
 * The reference's validation layout: `L = floor((ids.length − 1) / seqLen)` chunks, chunk i
 * being `ids[i·seqLen, (i+1)·seqLen)` with targets one later, yielded in order as batches of
 * `batchSize` chunks (the last may hold fewer). Every call starts a fresh pass over the same
 * batches; pass `() => sequentialChunks(…)` where a fresh pass per epoch is wanted. The caller
 * disposes each batch.
 *
 * @example
 * let total = 0;
 * for (const { x, y, count } of sequentialChunks(validation, { seqLen: 100, batchSize: 64 })) {
 *   total += crossEntropy(model.forward(x), y).itemSync() * count;
 * }
 */
export function sequentialChunks(ids: Int32Array, options: ChunkOptions): Generator<ChunkBatch, void, undefined> {
  checkChunkOptions('sequentialChunks', options);
  const { seqLen } = options;
  if (ids.length < seqLen + 1) {
    throw new ArgumentError('sequentialChunks', 'ids', `holds ${ids.length} tokens, too few for one chunk of seqLen ${seqLen} and its shifted targets (need ${seqLen + 1})`);
  }
  return chunks(ids, options);
}

function* chunks(ids: Int32Array, { seqLen, batchSize }: ChunkOptions): Generator<ChunkBatch, void, undefined> {
  const total = Math.floor((ids.length - 1) / seqLen);
  for (let first = 0; first < total; first += batchSize) {
    const count = Math.min(batchSize, total - first);
    const x = new Int32Array(seqLen * count);
    const y = new Int32Array(seqLen * count);
    for (let b = 0; b < count; b++) {
      const start = (first + b) * seqLen;
      for (let t = 0; t < seqLen; t++) {
        x[t * count + b] = ids[start + t]!;
        y[t * count + b] = ids[start + t + 1]!;
      }
    }
    const shape = [seqLen, count];
    yield { x: fromArray(x, { dtype: 'int32', shape }), y: fromArray(y, { dtype: 'int32', shape }), count };
  }
}
