/**
 * `Encoder`: reads a batch of source token sequences with any recurrent stack (stacked,
 * bidirectional) and returns every step's output, for attention, and the final states, for the
 * decoder's initial state.
 */
import { ArgumentError, dispose, DTypeError, tidy, type DType, type Generator, type Tensor } from '@rnn/tensor';
import type { BuildContext, ConfigReader, ModuleConfig } from '../../module/config.js';
import { Module } from '../../module/module.js';
import { Embedding } from '../embedding.js';
import { assertPositiveInteger, type FloatDType } from '../options.js';
import type { Recurrent } from '../recurrent/recurrent.js';
import { recurrentChild } from '../recurrent/recurrent-child.js';
import { assertTokenIds, tokenVectors } from '../token-input.js';

export interface EncoderOptions {
  readonly vocabSize: number;
  /** Learned token vectors of this size; null (default): one-hot input of width vocabSize. */
  readonly embeddingDim?: number | null;
  /** Any saveable recurrent layer with `inputSize` = embeddingDim ?? vocabSize: time-major, returning sequences, not stateful. */
  readonly rnn: Recurrent;
  readonly generator: Generator;
}

/** What the encoder gives the decoder. A `type`, so `dispose(result)` takes it. */
export type EncoderResult = {
  /** The last layer's outputs, [S, B, rnn.outputSize] (zeros past each entry's length). */
  readonly output: Tensor;
  /** The final states, each [numLayers·directions, B, size], PyTorch's h_n / c_n layout. */
  readonly state: Tensor[];
};

/**
 * @example
 * const encoder = new Encoder({ vocabSize: 12, rnn: new LSTM({ inputSize: 12, hiddenSize: 128, generator }), generator });
 * const { output, state } = encoder.call(sourceIds, [7, 5]); // sourceIds int32 [S, 2]
 */
export class Encoder extends Module {
  readonly vocabSize: number;
  readonly embeddingDim: number | null;
  readonly embedding: Embedding | null;
  readonly rnn: Recurrent;

  constructor({ vocabSize, embeddingDim = null, rnn, generator }: EncoderOptions) {
    super();
    assertPositiveInteger('Encoder', 'vocabSize', vocabSize);
    if (embeddingDim !== null) assertPositiveInteger('Encoder', 'embeddingDim', embeddingDim);
    assertSequenceRnn('Encoder', rnn, embeddingDim ?? vocabSize, embeddingDim === null ? 'vocabSize, for one-hot input' : 'embeddingDim');
    if (rnn.directions === 2 && rnn.mergeMode === 'none') throw new ArgumentError('Encoder', 'rnn', "has mergeMode 'none'; attention and the bridge need one output per step (use 'concat')");
    this.vocabSize = vocabSize;
    this.embeddingDim = embeddingDim;
    const { dtype, backend } = rnn.parameters()[0]!;
    this.embedding = embeddingDim === null ? null : this.registerModule('embedding', new Embedding({ numEmbeddings: vocabSize, embeddingDim, dtype: floatDType('Encoder', dtype), generator, backend }));
    this.rnn = this.registerModule('rnn', rnn);
  }

  /** Feature size of `output` (both directions' sizes when bidirectional with 'concat'). */
  get outputSize(): number {
    return this.rnn.outputSize;
  }

  get dtype(): FloatDType {
    return floatDType('Encoder', this.rnn.parameters()[0]!.dtype);
  }

  /** The outputs for int32 ids `[S, B]`: `[S, B, outputSize]`. */
  forward(ids: Tensor): Tensor {
    const { output, state } = this.call(ids);
    dispose(state);
    return output;
  }

  /** Outputs and final states; `lengths` (B values in [1, S]) mark each source's real steps. */
  call(ids: Tensor, lengths?: readonly number[]): EncoderResult {
    assertTokenIds('Encoder', 'source', ids, { vocabSize: this.vocabSize, rank: 2, layout: 'time, batch', embedded: this.embedding !== null });
    if (ids.shape[0] === 0) throw new ArgumentError('Encoder', 'source', 'is empty (0 steps); every source needs at least one token');
    if (lengths !== undefined) assertLengths('Encoder', 'sourceLengths', lengths, ids.shape[1]!, ids.shape[0]!);
    return tidy((): EncoderResult => {
      const x = tokenVectors(ids, { embedding: this.embedding, vocabSize: this.vocabSize, dtype: this.dtype });
      const { output, state } = this.rnn.call(x, lengths === undefined ? {} : { lengths });
      return { output, state };
    });
  }

  toConfig(): ModuleConfig {
    return { type: 'Encoder', options: { vocabSize: this.vocabSize, embeddingDim: this.embeddingDim, rnn: this.rnn.toConfig() } };
  }

  static fromConfig(options: ConfigReader, context: BuildContext): Encoder {
    const vocabSize = options.integer('vocabSize', { min: 1 });
    const embeddingDim = options.integerOrNull('embeddingDim', { min: 1 });
    return new Encoder({ vocabSize, embeddingDim, rnn: recurrentChild(options, 'rnn'), generator: context.generator });
  }
}

/** A recurrent layer a seq2seq part can drive: right input size, time-major, every step's output, no carried state. */
export function assertSequenceRnn(op: string, rnn: Recurrent, inputSize: number, why: string): void {
  if (rnn.inputSize !== inputSize) throw new ArgumentError(op, 'rnn', `has inputSize ${rnn.inputSize}; it must be ${inputSize} (${why})`);
  if (rnn.batchFirst) throw new ArgumentError(op, 'rnn', 'must be time-major (batchFirst false): sequences are [time, batch]');
  if (!rnn.returnSequences) throw new ArgumentError(op, 'rnn', 'must return sequences (returnSequences true)');
  if (rnn.stateful) throw new ArgumentError(op, 'rnn', 'must not be stateful: each batch starts from the state the model gives it');
  if (rnn.goBackwards) throw new ArgumentError(op, 'rnn', 'must not go backwards; use bidirectional for a reversed reading');
}

/** Each of `batch` lengths an integer in [1, steps]: a 0 length is an empty source. */
export function assertLengths(op: string, parameter: string, lengths: readonly number[], batch: number, steps: number): void {
  if (lengths.length !== batch) throw new ArgumentError(op, parameter, `has ${lengths.length} values for a batch of ${batch}`);
  lengths.forEach((length, b) => {
    if (length === 0) throw new ArgumentError(op, parameter, `is 0 at batch entry ${b}: an empty sequence has nothing to read`);
    if (!Number.isInteger(length) || length < 1 || length > steps) {
      throw new ArgumentError(op, parameter, `value ${length} at batch entry ${b} is not an integer in [1, ${steps}]`);
    }
  });
}

export function floatDType(op: string, dtype: DType): FloatDType {
  if (dtype !== 'float32' && dtype !== 'float64') throw new DTypeError(op, [dtype], 'the recurrent layer must hold float parameters');
  return dtype;
}
