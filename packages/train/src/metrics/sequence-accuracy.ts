/** Token- and sequence-level accuracy over a padded batch of variable-length target sequences. */
import { argmax, cast, equal, logicalAnd, mean, notEqual, sum, tidy, type Tensor } from '@rnn/tensor';
import { checkSequenceBatch, type SequenceLayout } from '../losses/sequence-checks.js';
import { sequenceMask } from '../losses/sequence-mask.js';
import { accuracy } from './accuracy.js';

export interface SequenceAccuracyOptions {
  /** Default `'time-major'`: logits [T, B, V], targets [T, B]; `'batch-major'`: [B, T, V], [B, T]. */
  readonly layout?: SequenceLayout;
}

/**
 * The share of real target tokens (step t of sequence b with `t < lengths[b]`) whose highest
 * logit is the target id: a float32 scalar tensor, NaN when the batch has no real tokens.
 * Padded steps are not counted, whatever ids they hold. Computed on the device: nothing is
 * read back, so it runs on backends that read asynchronously only.
 *
 * @example
 * // logits [T=2, B=2, V] predicting [[2, 1], [0, 3]]; the second sequence has length 1
 * tokenAccuracy(logits, fromArray([[2, 1], [1, 9]], { dtype: 'int32' }), [2, 1]).itemSync(); // 2/3
 */
export function tokenAccuracy(logits: Tensor, targets: Tensor, lengths: readonly number[], options: SequenceAccuracyOptions = {}): Tensor {
  const { layout = 'time-major' } = options;
  const { steps } = checkSequenceBatch('tokenAccuracy', logits, targets, lengths, layout);
  return tidy(() => accuracy(logits, targets, { mask: sequenceMask(lengths, steps, { layout, backend: logits.backend }) }));
}

/**
 * The share of sequences whose every real token is right (exact match): a float32 scalar
 * tensor. A sequence of length 0 has no wrong token, so it counts as right; NaN for an empty
 * batch. Padded steps are not looked at. Computed on the device, as {@link tokenAccuracy}.
 *
 * @example
 * // the same batch: sequence 0 has a wrong token at step 1, sequence 1's only token is right
 * sequenceAccuracy(logits, fromArray([[2, 1], [1, 9]], { dtype: 'int32' }), [2, 1]).itemSync(); // 0.5
 */
export function sequenceAccuracy(logits: Tensor, targets: Tensor, lengths: readonly number[], options: SequenceAccuracyOptions = {}): Tensor {
  const { layout = 'time-major' } = options;
  const { steps, timeAxis } = checkSequenceBatch('sequenceAccuracy', logits, targets, lengths, layout);
  return tidy(() => {
    const real = sequenceMask(lengths, steps, { layout, backend: logits.backend });
    const wrong = logicalAnd(real, notEqual(argmax(logits, -1), targets));
    const wrongPerSequence = sum(wrong, timeAxis); // int32 [B]; an empty axis sums to 0
    return mean(cast(equal(wrongPerSequence, 0), 'float32'));
  });
}
