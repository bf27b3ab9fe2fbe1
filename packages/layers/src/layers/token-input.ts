/**
 * Token ids in, vectors out: the input side shared by the language model, the encoder and the
 * decoder. Ids enter one-hot (char-rnn's choice, no parameters) or through an `Embedding`.
 */
import { ArgumentError, DTypeError, oneHot, ShapeError, type Tensor } from '@rnn/tensor';
import type { Embedding } from './embedding.js';
import type { FloatDType } from './options.js';

/**
 * Checks that `ids` are int32 of `rank` and, where the backend reads synchronously and the ids
 * go one-hot, that each is in `[0, vocabSize)`: one-hot would turn an out-of-range id into a
 * zero vector silently (the embedding's own lookup checks its indices on every backend).
 */
export function assertTokenIds(op: string, parameter: string, ids: Tensor, { vocabSize, rank, layout, embedded }: { vocabSize: number; rank: number; layout: string; embedded: boolean }): void {
  if (ids.dtype !== 'int32') throw new DTypeError(op, [ids.dtype], `${parameter} must be int32 token ids`);
  if (ids.rank !== rank) throw new ShapeError(op, [ids.shape], `takes ${parameter} as [${layout}]`);
  if (embedded || !ids.backend.caps.syncRead) return;
  const values = ids.dataSync();
  const at = values.findIndex((id) => id < 0 || id >= vocabSize);
  if (at >= 0) {
    const position = rank === 1 ? `${at}` : `${Math.floor(at / ids.shape[1]!)}, ${at % ids.shape[1]!}`;
    throw new ArgumentError(op, parameter, `holds ${values[at]} at [${position}], outside the vocabulary [0, ${vocabSize})`);
  }
}

/** `[…]` int32 ids → `[…, features]`: the embedding's rows, or one-hot rows of width `vocabSize`. */
export function tokenVectors(ids: Tensor, { embedding, vocabSize, dtype }: { embedding: Embedding | null; vocabSize: number; dtype: FloatDType }): Tensor {
  return embedding === null ? oneHot(ids, vocabSize, { dtype }) : embedding.forward(ids);
}
