/**
 * The addition model: Keras's `addition_rnn` as an encoder–decoder. An LSTM reads the one-hot
 * question; its final (h, c) start the decoder LSTM as they are (bridge 'copy'), which is fed
 * the previous answer character (one-hot; teacher forcing in training) and predicts the next,
 * ending with the end token. No attention. (Keras repeats the encoder's last output as the
 * decoder's input at every step instead; feeding the previous character is the seq2seq form.)
 */
import type { Generator } from '@rnn/tensor';
import { Decoder, Encoder, LSTM, Seq2Seq } from '@rnn/layers';
import { ANSWER_CHARS, END, QUESTION_CHARS } from './data.js';

export function additionModel({ hiddenSize, digits, generator }: { hiddenSize: number; digits: number; generator: Generator }): Seq2Seq {
  const encoder = new Encoder({ vocabSize: QUESTION_CHARS.size, rnn: new LSTM({ inputSize: QUESTION_CHARS.size, hiddenSize, generator }), generator });
  const decoder = new Decoder({ vocabSize: ANSWER_CHARS.size, rnn: new LSTM({ inputSize: ANSWER_CHARS.size, hiddenSize, generator }), generator });
  return new Seq2Seq({ encoder, decoder, bridge: 'copy', endToken: END, maxLength: digits + 2, generator });
}
