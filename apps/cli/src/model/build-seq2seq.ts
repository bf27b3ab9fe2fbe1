/**
 * The sequence-to-sequence model `rnn train --task seq2seq` builds from its options: an encoder
 * (`--bidirectional` allowed), a bridge, and a decoder of the same cell with the `--attention`
 * chosen, both `--layers` × `--hidden`, one-hot input unless `--embedding` is set.
 */
import type { Generator } from '@rnn/tensor';
import { AdditiveAttention, Decoder, Encoder, LuongAttention, Seq2Seq, type Attention } from '@rnn/layers';
import { CliError } from '../errors.js';
import type { TrainConfig } from '../options/train-options.js';
import { buildRecurrent, checkModelOptions } from './build-model.js';

export type Seq2SeqModelOptions = Pick<TrainConfig, 'cell' | 'peephole' | 'layers' | 'hidden' | 'projSize' | 'embedding' | 'bidirectional' | 'dropout' | 'attention' | 'inputFeeding' | 'bridge'>;

/** Refuses option combinations a seq2seq model cannot use, each with the reason. */
export function checkSeq2SeqOptions(options: Seq2SeqModelOptions): void {
  checkModelOptions({ ...options, bidirectional: false });
  if (!options.inputFeeding && !options.attention.startsWith('luong')) {
    throw new CliError(`--no-input-feeding applies to Luong attention (luong-dot, luong-general), not --attention ${options.attention}`, 'drop --no-input-feeding');
  }
  if (options.attention === 'luong-dot' && options.bidirectional) {
    throw new CliError(
      `--attention luong-dot scores the decoder's state (${options.hidden} units) against the encoder's outputs, ${2 * options.hidden} units with --bidirectional: they must have one size`,
      'use --attention luong-general (it learns a map between the sizes), or drop --bidirectional',
    );
  }
  if (options.bridge === 'copy' && options.bidirectional) {
    throw new CliError("--bridge copy passes the encoder's final states to the decoder as they are, which a bidirectional encoder's cannot be", 'use --bridge auto or dense, or drop --bidirectional');
  }
}

export interface Seq2SeqSizes {
  readonly sourceVocab: number;
  /** The target tokenizer's size; the decoder has one more id, the end token. */
  readonly targetVocab: number;
  readonly maxLength: number;
  readonly generator: Generator;
  readonly dtype: 'float32' | 'float64';
}

export function buildSeq2Seq(options: Seq2SeqModelOptions, { sourceVocab, targetVocab, maxLength, generator, dtype }: Seq2SeqSizes): Seq2Seq {
  checkSeq2SeqOptions(options);
  const embeddingDim = options.embedding > 0 ? options.embedding : null;
  const common = { dropout: options.dropout, dtype, generator };
  const encoderRnn = buildRecurrent(options, embeddingDim ?? sourceVocab, { ...common, bidirectional: options.bidirectional });
  const encoder = new Encoder({ vocabSize: sourceVocab, embeddingDim, rnn: encoderRnn, generator });
  const keySize = encoder.outputSize;
  const hidden = options.hidden;
  let attention: Attention | null = null;
  if (options.attention === 'bahdanau') attention = new AdditiveAttention({ querySize: hidden, keySize, units: hidden, dtype, generator });
  else if (options.attention === 'luong-dot') attention = new LuongAttention({ querySize: hidden, keySize, score: 'dot', dtype, generator });
  else if (options.attention === 'luong-general') attention = new LuongAttention({ querySize: hidden, keySize, score: 'general', dtype, generator });
  const luong = attention instanceof LuongAttention;
  const tokenSize = embeddingDim ?? targetVocab + 1;
  const decoderInput = tokenSize + (options.attention === 'bahdanau' ? keySize : 0) + (luong && options.inputFeeding ? hidden : 0);
  const decoderRnn = buildRecurrent(options, decoderInput, common);
  const decoder = new Decoder({
    vocabSize: targetVocab + 1,
    embeddingDim,
    rnn: decoderRnn,
    attention,
    dropout: options.dropout,
    generator,
    ...(luong ? { inputFeeding: options.inputFeeding } : {}),
  });
  return new Seq2Seq({ encoder, decoder, bridge: options.bridge, endToken: targetVocab, maxLength, generator });
}
