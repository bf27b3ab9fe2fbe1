/** Random windows of a corpus: the char-rnn way to draw language-model batches. */
import { ArgumentError, fromArray, type Generator, type Tensor } from '@rnn/tensor';
import { randomIntegers } from '../random.js';
import { checkChunkOptions, type ChunkOptions } from './checks.js';

export interface RandomChunkSamplerOptions extends ChunkOptions {
  /** Where the offsets come from; saving its state and restoring it replays the same batches. */
  readonly generator: Generator;
}

/**
 * A language-model batch: `y` is `x` one token later, both int32 `[seqLen, batchSize]`,
 * time-major. (A type, not an interface, so `dispose(batch)` takes it; likewise below.)
 */
export type LanguageModelBatch = {
  readonly x: Tensor;
  readonly y: Tensor;
};

/**
 * Draws `batchSize` offsets uniformly in `[0, ids.length − seqLen − 1)` per batch, as the
 * PyTorch reference does (`torch.randint(0, len(train) - seq_len - 1, (batch,))`), and returns
 * `x[t, b] = ids[o_b + t]` and `y[t, b] = ids[o_b + t + 1]`. It never runs dry, so `fit` treats
 * it as a sampler; the caller disposes each batch.
 *
 * @example
 * const sampler = new RandomChunkSampler(train, { seqLen: 100, batchSize: 32, generator: new Generator(0) });
 * const { x, y } = sampler.next(); // int32 [100, 32] each
 */
export class RandomChunkSampler {
  readonly seqLen: number;
  readonly batchSize: number;
  /** `seqLen · batchSize`: the tokens one batch predicts (for throughput figures). */
  readonly tokensPerBatch: number;
  readonly #ids: Int32Array;
  readonly #generator: Generator;
  /** Exclusive upper bound of the offsets. */
  readonly #bound: number;

  constructor(ids: Int32Array, options: RandomChunkSamplerOptions) {
    checkChunkOptions('RandomChunkSampler', options);
    const { seqLen, batchSize, generator } = options;
    if (ids.length < seqLen + 2) {
      throw new ArgumentError(
        'RandomChunkSampler',
        'ids',
        `holds ${ids.length} tokens, too few for a chunk of seqLen ${seqLen} and its shifted targets: ` +
          `need at least seqLen + 2 = ${seqLen + 2}; use a shorter seqLen or more text`,
      );
    }
    this.seqLen = seqLen;
    this.batchSize = batchSize;
    this.tokensPerBatch = seqLen * batchSize;
    this.#ids = ids;
    this.#generator = generator;
    this.#bound = ids.length - seqLen - 1;
  }

  next(): LanguageModelBatch {
    const { seqLen, batchSize } = this;
    const offsets = randomIntegers(this.#generator, batchSize, this.#bound);
    const x = new Int32Array(seqLen * batchSize);
    const y = new Int32Array(seqLen * batchSize);
    for (let b = 0; b < batchSize; b++) {
      const o = offsets[b]!;
      for (let t = 0; t < seqLen; t++) {
        x[t * batchSize + b] = this.#ids[o + t]!;
        y[t * batchSize + b] = this.#ids[o + t + 1]!;
      }
    }
    const shape = [seqLen, batchSize];
    return { x: fromArray(x, { dtype: 'int32', shape }), y: fromArray(y, { dtype: 'int32', shape }) };
  }
}
