/**
 * `LanguageModel`: tokens in, next-token logits out — the char-rnn architecture. Tokens enter
 * one-hot (as char-rnn and the PyTorch reference do) or through an `Embedding`, run through any
 * saveable recurrent layer, and a `Dense` head maps each step's output to vocabulary logits.
 */
import { ArgumentError, DTypeError, tidy, type Generator, type Tensor } from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { assertPositiveInteger } from './options.js';
import type { Recurrent, RecurrentCallOptions } from './recurrent/recurrent.js';
import { recurrentChild } from './recurrent/recurrent-child.js';
import { assertTokenIds, tokenVectors } from './token-input.js';

export interface LanguageModelOptions {
  readonly vocabSize: number;
  /** Learned token vectors of this size; null (default): one-hot input of size vocabSize. */
  readonly embeddingDim?: number | null;
  /** Any recurrent layer with `inputSize` = embeddingDim ?? vocabSize, one direction, time-major. */
  readonly rnn: Recurrent;
  /** Dropout on the recurrent outputs before the head, in training mode (default 0). */
  readonly dropout?: number;
  /** Draws the embedding and head weights and the dropout masks. */
  readonly generator: Generator;
}

export type LanguageModelCallOptions = Pick<RecurrentCallOptions, 'initialState' | 'lengths'>;

export interface LanguageModelResult {
  /** Next-token logits, [T, B, vocabSize]. */
  readonly logits: Tensor;
  /** The recurrent layer's final states, to continue from (generation, truncated BPTT). */
  readonly state: Tensor[];
}

/**
 * @example
 * const model = new LanguageModel({ vocabSize: 65, rnn: new LSTM({ inputSize: 65, hiddenSize: 128, numLayers: 2, generator }), generator });
 * const { logits, state } = model.call(ids); // ids: int32 [T, B] → logits [T, B, 65]
 * model.call(nextIds, { initialState: state }); // continue where it stopped
 */
export class LanguageModel extends Module {
  readonly vocabSize: number;
  readonly embeddingDim: number | null;
  readonly embedding: Embedding | null;
  readonly rnn: Recurrent;
  readonly dropout: Dropout;
  readonly head: Dense;

  constructor({ vocabSize, embeddingDim = null, rnn, dropout = 0, generator }: LanguageModelOptions) {
    super();
    assertPositiveInteger('LanguageModel', 'vocabSize', vocabSize);
    if (embeddingDim !== null) assertPositiveInteger('LanguageModel', 'embeddingDim', embeddingDim);
    const inputSize = embeddingDim ?? vocabSize;
    if (rnn.inputSize !== inputSize) {
      throw new ArgumentError('LanguageModel', 'rnn', `has inputSize ${rnn.inputSize}; it must be ${inputSize} (${embeddingDim === null ? 'vocabSize, for one-hot input' : 'embeddingDim'})`);
    }
    if (rnn.directions !== 1) {
      throw new ArgumentError('LanguageModel', 'rnn', 'is bidirectional: its backward direction would see the very token each step must predict');
    }
    if (rnn.batchFirst) throw new ArgumentError('LanguageModel', 'rnn', 'must be time-major (batchFirst false): the model takes ids as [T, B]');
    if (!rnn.returnSequences) throw new ArgumentError('LanguageModel', 'rnn', 'must return sequences: the model predicts at every step');
    this.vocabSize = vocabSize;
    this.embeddingDim = embeddingDim;
    const { dtype, backend } = rnn.parameters()[0]!;
    if (dtype !== 'float32' && dtype !== 'float64') throw new DTypeError('LanguageModel', [dtype], 'the recurrent layer must hold float parameters');
    this.embedding = embeddingDim === null ? null : this.registerModule('embedding', new Embedding({ numEmbeddings: vocabSize, embeddingDim, dtype, generator, backend }));
    this.rnn = this.registerModule('rnn', rnn);
    this.dropout = this.registerModule('dropout', new Dropout({ rate: dropout, generator }));
    this.head = this.registerModule('head', new Dense({ inFeatures: rnn.outputSize, outFeatures: vocabSize, dtype, generator, backend }));
  }

  /** Logits for int32 ids `[T, B]`: `[T, B, vocabSize]`. */
  forward(ids: Tensor): Tensor {
    const { logits, state } = this.call(ids);
    for (const s of state) s.dispose();
    return logits;
  }

  /** Logits and the final recurrent state; `initialState` continues from an earlier call. */
  call(ids: Tensor, options: LanguageModelCallOptions = {}): LanguageModelResult {
    assertTokenIds('LanguageModel', 'ids', ids, { vocabSize: this.vocabSize, rank: 2, layout: 'time, batch', embedded: this.embedding !== null });
    return tidy(() => {
      const x = tokenVectors(ids, { embedding: this.embedding, vocabSize: this.vocabSize, dtype: this.head.weight.dtype as 'float32' | 'float64' });
      const { output, state } = this.rnn.call(x, options);
      return { logits: this.head.forward(this.dropout.forward(output)), state };
    });
  }

  toConfig(): ModuleConfig {
    return { type: 'LanguageModel', options: { vocabSize: this.vocabSize, embeddingDim: this.embeddingDim, dropout: this.dropout.rate, rnn: this.rnn.toConfig() } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): LanguageModel {
    const vocabSize = options.integer('vocabSize', { min: 1 });
    const embeddingDim = options.integerOrNull('embeddingDim', { min: 1 });
    const dropout = options.number('dropout', { min: 0, max: 1 });
    const rnn = recurrentChild(options, 'rnn');
    return new LanguageModel({ vocabSize, embeddingDim, rnn, dropout, generator: context.generator });
  }
}
