/**
 * The date model: characters are embedded; a bidirectional recurrent encoder (64 units per
 * direction) reads them; a learned bridge maps its final states (both directions) to the
 * decoder's first state; the decoder attends to the encoder outputs at every step — Luong's
 * "general" score with input feeding (default) or Bahdanau's additive one — and writes the ISO
 * date one character at a time.
 */
import type { Generator } from '@rnn/tensor';
import { AdditiveAttention, Decoder, Encoder, GRU, LSTM, LuongAttention, Seq2Seq } from '@rnn/layers';
import { END, INPUT_CHARS, OUTPUT_CHARS, TARGET_LENGTH } from './data.js';

export const ATTENTION_KINDS = ['luong', 'bahdanau'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];
export const DATE_CELLS = ['gru', 'lstm'] as const;
export type DateCell = (typeof DATE_CELLS)[number];

export interface DateModelOptions {
  readonly attention: AttentionKind;
  readonly cell: DateCell;
  /** Units per direction of the encoder. */
  readonly encoderSize: number;
  readonly decoderSize: number;
  readonly embeddingDim: number;
  readonly generator: Generator;
}

export function dateModel({ attention: kind, cell, encoderSize, decoderSize, embeddingDim, generator }: DateModelOptions): Seq2Seq {
  const Layer = cell === 'gru' ? GRU : LSTM;
  const keySize = 2 * encoderSize;
  const encoder = new Encoder({ vocabSize: INPUT_CHARS.size, embeddingDim, rnn: new Layer({ inputSize: embeddingDim, hiddenSize: encoderSize, bidirectional: true, generator }), generator });
  const attention =
    kind === 'luong'
      ? new LuongAttention({ querySize: decoderSize, keySize, score: 'general', generator })
      : new AdditiveAttention({ querySize: decoderSize, keySize, units: decoderSize, generator });
  // Luong with input feeding takes h̃ (decoderSize) with the token; Bahdanau takes the context (keySize).
  const inputSize = embeddingDim + (kind === 'luong' ? decoderSize : keySize);
  const decoder = new Decoder({ vocabSize: OUTPUT_CHARS.size, embeddingDim, rnn: new Layer({ inputSize, hiddenSize: decoderSize, generator }), attention, generator });
  return new Seq2Seq({ encoder, decoder, endToken: END, maxLength: TARGET_LENGTH, generator });
}
