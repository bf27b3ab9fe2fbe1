/**
 * Language-model scores from a mean cross-entropy in nats (natural log), the unit `crossEntropy`
 * returns: perplexity and bits per character (Graves 2013, "Generating Sequences With RNNs").
 */
import { ArgumentError } from '@rnn/tensor';

function assertLoss(op: string, meanNatsLoss: number): void {
  if (Number.isNaN(meanNatsLoss) || meanNatsLoss < 0) {
    throw new ArgumentError(op, 'meanNatsLoss', `must be a non-negative mean cross-entropy in nats, got ${meanNatsLoss}`);
  }
}

/** `e^loss`: the effective number of equally likely choices per token. */
export function perplexity(meanNatsLoss: number): number {
  assertLoss('perplexity', meanNatsLoss);
  return Math.exp(meanNatsLoss);
}

/** `loss / ln 2`: the same loss in bits, per character for a character-level model. */
export function bitsPerCharacter(meanNatsLoss: number): number {
  assertLoss('bitsPerCharacter', meanNatsLoss);
  return meanNatsLoss / Math.LN2;
}
