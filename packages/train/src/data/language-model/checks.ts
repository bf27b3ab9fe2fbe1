/** The arguments every language-model batcher checks. */
import { positiveInteger } from '../validate.js';

export interface ChunkOptions {
  /** Time steps per sequence (the truncated-BPTT length). */
  readonly seqLen: number;
  /** Sequences per batch. */
  readonly batchSize: number;
}

export function checkChunkOptions(op: string, { seqLen, batchSize }: ChunkOptions): void {
  positiveInteger(op, 'seqLen', seqLen);
  positiveInteger(op, 'batchSize', batchSize);
}
