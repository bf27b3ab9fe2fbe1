/** Contiguous streams read window by window: the layout of truncated backpropagation through time. */
import { ArgumentError, fromArray, type Tensor } from '@rnn/tensor';
import { nonNegativeInteger } from '../validate.js';
import { checkChunkOptions, type ChunkOptions } from './checks.js';

/** One window of every stream: `x` and `y` int32 `[steps, batchSize]` with `steps ≤ seqLen`. */
export type StreamBatch = {
  readonly x: Tensor;
  readonly y: Tensor;
  /** True when this window starts a pass: the carried state must start afresh (zeros). */
  readonly reset: boolean;
};

/** Where a {@link StreamBatcher} is: plain JSON, saved with a checkpoint. */
export interface StreamBatcherState {
  /** The row the next window starts at. */
  readonly position: number;
  /** Passes completed. */
  readonly epoch: number;
}

/**
 * PyTorch word_language_model's `batchify` and `get_batch`: the ids are cut into `batchSize`
 * contiguous streams of `streamLength = floor(ids.length / batchSize)` tokens (the remainder is
 * dropped), stream b being `ids[b·streamLength, (b+1)·streamLength)`. Each `next()` returns the
 * next `seqLen` rows of all streams, so column b of one window continues column b of the one
 * before and the hidden state can be carried across (detached); the last window of a pass may
 * be shorter. After it the batcher wraps to the start and the next window has `reset: true`
 * (so does the very first).
 *
 * @example
 * const batcher = new StreamBatcher(train, { seqLen: 35, batchSize: 20 });
 * let state = null;
 * const { x, y, reset } = batcher.next(); // int32 [35, 20]
 * if (reset) state = null;
 */
export class StreamBatcher {
  readonly seqLen: number;
  readonly batchSize: number;
  /** Tokens per stream. */
  readonly streamLength: number;
  /** Windows in one pass: `ceil((streamLength − 1) / seqLen)`. */
  readonly windowsPerPass: number;
  readonly #ids: Int32Array;
  #position = 0;
  #epoch = 0;

  constructor(ids: Int32Array, options: ChunkOptions) {
    checkChunkOptions('StreamBatcher', options);
    const { seqLen, batchSize } = options;
    const streamLength = Math.floor(ids.length / batchSize);
    if (streamLength < 2) {
      throw new ArgumentError(
        'StreamBatcher',
        'ids',
        `holds ${ids.length} tokens, too few for ${batchSize} streams of at least 2 tokens (an input and its target): need ${2 * batchSize}`,
      );
    }
    this.seqLen = seqLen;
    this.batchSize = batchSize;
    this.streamLength = streamLength;
    this.windowsPerPass = Math.ceil((streamLength - 1) / seqLen);
    this.#ids = ids;
  }

  /** The row the next window starts at, in [0, streamLength − 1). */
  get position(): number {
    return this.#position;
  }

  /** Passes completed. */
  get epoch(): number {
    return this.#epoch;
  }

  next(): StreamBatch {
    const { batchSize, streamLength } = this;
    const start = this.#position;
    const steps = Math.min(this.seqLen, streamLength - 1 - start);
    const x = new Int32Array(steps * batchSize);
    const y = new Int32Array(steps * batchSize);
    for (let b = 0; b < batchSize; b++) {
      const base = b * streamLength + start;
      for (let t = 0; t < steps; t++) {
        x[t * batchSize + b] = this.#ids[base + t]!;
        y[t * batchSize + b] = this.#ids[base + t + 1]!;
      }
    }
    this.#position = start + steps;
    if (this.#position >= streamLength - 1) {
      this.#position = 0;
      this.#epoch++;
    }
    const shape = [steps, batchSize];
    return { x: fromArray(x, { dtype: 'int32', shape }), y: fromArray(y, { dtype: 'int32', shape }), reset: start === 0 };
  }

  getState(): StreamBatcherState {
    return { position: this.#position, epoch: this.#epoch };
  }

  /** Continues from a saved state: the next window is the one that followed it. */
  setState(state: StreamBatcherState): void {
    const { position, epoch } = state;
    nonNegativeInteger('StreamBatcher.setState', 'epoch', epoch);
    if (!Number.isSafeInteger(position) || position < 0 || position >= this.streamLength - 1) {
      throw new ArgumentError(
        'StreamBatcher.setState',
        'position',
        `must be an integer in [0, ${this.streamLength - 1}) for streams of ${this.streamLength} tokens, got ${position}; was the state saved with other ids or batchSize?`,
      );
    }
    this.#position = position;
    this.#epoch = epoch;
  }
}
