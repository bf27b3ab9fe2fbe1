/** Cross-entropy over a padded batch of variable-length target sequences, padding ignored. */
import { ArgumentError, tidy, type Tensor } from '@rnn/tensor';
import { assertFloat } from './checks.js';
import { crossEntropy } from './cross-entropy.js';
import { checkSequenceBatch, type SequenceLayout } from './sequence-checks.js';
import { sequenceMask } from './sequence-mask.js';
import type { Reduction } from './reduction.js';

export interface SequenceCrossEntropyOptions {
  /**
   * Default `'mean'`: over the real tokens of the batch (padding is in neither the sum nor the
   * count; NaN when there are none, as PyTorch). `'sum'` adds the real tokens' losses; `'none'`
   * gives the per-token loss, `targets`' shape, with 0 at padded steps.
   */
  readonly reduction?: Reduction;
  /** ε in [0, 1], as `crossEntropy`'s: the target becomes `(1 − ε)·onehot + ε/V`. */
  readonly labelSmoothing?: number;
  /** Default `'time-major'`: logits [T, B, V], targets [T, B]; `'batch-major'`: [B, T, V], [B, T]. */
  readonly layout?: SequenceLayout;
}

/**
 * `crossEntropy(logits, targets, { mask: sequenceMask(lengths, T, { layout }) })`: the loss of a
 * decoder's `logits` (float [T, B, V]) against int32 `targets` [T, B], where sequence b is real
 * for its first `lengths[b]` steps and padding after. Padded steps count for nothing and get
 * no gradient, whatever ids they hold (even ids outside [0, V)); a real step's id outside
 * [0, V) is an error.
 *
 * @example
 * const { x: targets, lengths } = padSequences([[2, 0], [1]]);       // [[2, 1], [0, 0]], [2, 1]
 * const loss = sequenceCrossEntropy(logits, targets, lengths);        // logits [2, 2, V]: mean of 3 tokens
 * sequenceCrossEntropy(logits, targets, lengths, { reduction: 'sum', labelSmoothing: 0.1 });
 */
export function sequenceCrossEntropy(logits: Tensor, targets: Tensor, lengths: readonly number[], options: SequenceCrossEntropyOptions = {}): Tensor {
  const op = 'sequenceCrossEntropy';
  const { reduction = 'mean', labelSmoothing = 0, layout = 'time-major' } = options;
  assertFloat(op, 'logits', logits);
  const { steps } = checkSequenceBatch(op, logits, targets, lengths, layout);
  const reductionName: string = reduction;
  if (reductionName !== 'mean' && reductionName !== 'sum' && reductionName !== 'none') {
    throw new ArgumentError(op, 'reduction', `must be 'mean', 'sum' or 'none', got ${JSON.stringify(reductionName)}`);
  }
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new ArgumentError(op, 'labelSmoothing', `must be in [0, 1], got ${labelSmoothing}`);
  // crossEntropy neither checks nor reads the ids of masked positions: an out-of-range id selects
  // no class (loss 0, gradient 0 before the mask's 0 weight), so padding needs no rewriting.
  return tidy(() => {
    const mask = sequenceMask(lengths, steps, { layout, backend: logits.backend });
    return crossEntropy(logits, targets, { mask, reduction, labelSmoothing });
  });
}
