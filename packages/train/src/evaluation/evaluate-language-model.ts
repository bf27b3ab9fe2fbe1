/** Scoring a language model on held-out text: the figures char-LM papers and the reference report. */
import { readAll, tidy, type Tensor } from '@rnn/tensor';
import { sequentialChunks } from '../data/language-model/sequential-chunks.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { accuracy } from '../metrics/accuracy.js';
import { bitsPerCharacter, perplexity } from '../metrics/information.js';

/** Anything that maps int32 ids `[T, B]` to logits `[T, B, vocab]` (a `LanguageModel`). */
export interface TokenPredictor {
  forward(ids: Tensor): Tensor;
}

export interface EvaluateLanguageModelOptions {
  /** Chunk length (default 50, the reference's). */
  readonly seqLen?: number;
  /** Chunks scored per forward pass (default 256, the reference's). */
  readonly batchSize?: number;
}

export interface LanguageModelScores {
  /** Mean cross-entropy per predicted token, in nats. */
  readonly loss: number;
  /** The same in bits (per character for a char-level model). */
  readonly bitsPerCharacter: number;
  readonly perplexity: number;
  /** Share of tokens whose most likely prediction is right. */
  readonly accuracy: number;
  /** Tokens scored. */
  readonly tokens: number;
}

/**
 * Scores `model` on `ids` in non-overlapping chunks of `seqLen` (each starting from a zero
 * state), exactly as the PyTorch reference computes its validation loss: every token of
 * `floor((n − 1) / seqLen)` chunks is predicted once, and the loss is averaged over them.
 * Put the model in eval mode first (`fit` does for validation).
 *
 * @example
 * const { loss, bitsPerCharacter } = await evaluateLanguageModel(model.eval(), validationIds);
 */
export async function evaluateLanguageModel(
  model: TokenPredictor,
  ids: Int32Array,
  { seqLen = 50, batchSize = 256 }: EvaluateLanguageModelOptions = {},
): Promise<LanguageModelScores> {
  let lossSum = 0;
  let hits = 0;
  let tokens = 0;
  for (const { x, y, count } of sequentialChunks(ids, { seqLen, batchSize })) {
    const [loss, right] = tidy(() => {
      const logits = model.forward(x);
      return [crossEntropy(logits, y, { reduction: 'sum' }), accuracy(logits, y)];
    });
    const n = seqLen * count;
    try {
      // One read per chunk for both figures (a round trip on a GPU).
      const [lossValue, rightValue] = await readAll([loss, right]);
      lossSum += lossValue![0]!;
      hits += rightValue![0]! * n;
    } finally {
      for (const t of [x, y, loss, right]) t.dispose();
    }
    tokens += n;
  }
  const loss = lossSum / tokens;
  return { loss, bitsPerCharacter: bitsPerCharacter(loss), perplexity: perplexity(loss), accuracy: hits / tokens, tokens };
}
