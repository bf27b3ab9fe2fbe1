/**
 * A small attention model for the beam task: embedded digits, a bidirectional GRU encoder, a GRU
 * decoder with Luong ("general") attention and input feeding — enough to copy the digits, so
 * what remains to learn is the distribution over the prefixes.
 */
import type { Generator } from '@rnn/tensor';
import { Decoder, Encoder, GRU, LuongAttention, Seq2Seq } from '@rnn/layers';
import { END, SOURCE_CHARS, TARGET_CHARS } from './data.js';

export function beamModel({ hiddenSize, embeddingDim, sourceLength, generator }: { hiddenSize: number; embeddingDim: number; sourceLength: number; generator: Generator }): Seq2Seq {
  const encoder = new Encoder({ vocabSize: SOURCE_CHARS.size, embeddingDim, rnn: new GRU({ inputSize: embeddingDim, hiddenSize: hiddenSize / 2, bidirectional: true, generator }), generator });
  const attention = new LuongAttention({ querySize: hiddenSize, keySize: hiddenSize, score: 'general', generator });
  const decoder = new Decoder({ vocabSize: TARGET_CHARS.size, embeddingDim, rnn: new GRU({ inputSize: embeddingDim + hiddenSize, hiddenSize, generator }), attention, generator });
  return new Seq2Seq({ encoder, decoder, endToken: END, maxLength: sourceLength + 3, generator });
}
