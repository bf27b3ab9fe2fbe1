/** Cross-entropy from unnormalised logits, as PyTorch's `F.cross_entropy`. */
import { add, ArgumentError, DTypeError, logSoftmax, mul, neg, oneHot, softmaxCrossEntropyWithIndices, sum, tidy, type Tensor } from '@rnn/tensor';
import { assertBroadcastsTo, assertFloat, assertShape, checkClassIndices, countedWeights } from './checks.js';
import { reduceLoss, type Reduction } from './reduction.js';

export interface CrossEntropyOptions {
  /** Class-index targets equal to this value count for nothing, not even in the mean's denominator. */
  readonly ignoreIndex?: number;
  /**
   * bool (or 0/1 float) tensor broadcasting to the per-position loss shape (`logits.shape`
   * without the class axis), e.g. `sequenceMask(lengths, …)`; false positions are excluded
   * like ignored ones. A float mask weighs each position by its value.
   */
  readonly mask?: Tensor;
  /** Default `'mean'`: over the counted positions. `'none'` gives 0 at ignored/masked positions. */
  readonly reduction?: Reduction;
  /** ε in [0, 1]: the target becomes `(1 − ε)·target + ε/C` (Szegedy et al. 2016; PyTorch semantics). */
  readonly labelSmoothing?: number;
}

/**
 * `−Σ_c q_c · log softmax(logits)_c` over the last axis of `logits` ([..., C], float), reduced
 * over the positions. `target` is either int32 class indices of shape `logits.shape[:-1]`, or
 * float class probabilities of the same shape as `logits`.
 *
 * @example
 * const logits = fromArray([[2, 0, -1], [0, 0, 0]]);
 * crossEntropy(logits, fromArray([0, 2], { dtype: 'int32' }));            // mean of 0.17 and ln 3
 * crossEntropy(logits, target, { mask: sequenceMask(lengths, T, { layout: 'time-major' }) });
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const { ignoreIndex, mask, reduction = 'mean', labelSmoothing = 0 } = options;
  assertFloat(op, 'logits', logits);
  if (logits.rank === 0) throw new ArgumentError(op, 'logits', 'must have a class axis (rank ≥ 1), got a scalar');
  const classes = logits.shape[logits.rank - 1]!;
  const positions = logits.shape.slice(0, -1);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new ArgumentError(op, 'labelSmoothing', `must be in [0, 1], got ${labelSmoothing}`);
  const byIndex = target.dtype === 'int32';
  if (byIndex) assertShape(op, 'class-index target', target, positions, logits);
  else if (target.dtype === 'bool') throw new DTypeError(op, [target.dtype], 'target must be int32 class indices or float probabilities');
  else {
    assertShape(op, 'probability target', target, logits.shape, logits);
    if (ignoreIndex !== undefined) throw new ArgumentError(op, 'ignoreIndex', 'applies to class-index targets only; use mask with probability targets');
  }
  if (mask !== undefined) assertBroadcastsTo(op, 'mask', mask, positions, logits);

  return tidy(() => {
    const weights = countedWeights(positions, logits, { target: byIndex ? target : undefined, ignoreIndex, mask });
    if (byIndex) checkClassIndices(op, target, classes, weights, ignoreIndex);
    if (byIndex && labelSmoothing === 0) {
      // The common case: one fused kernel where the backend has it (loss and gradient in one pass).
      return reduceLoss(softmaxCrossEntropyWithIndices(logits, target, { ignoreIndex }), reduction, weights);
    }
    // An ignored or out-of-range index has an all-zero one-hot row, so it reads no log-probability.
    const probabilities = byIndex ? oneHot(target, classes, { dtype: logits.dtype }) : target;
    const smoothed = labelSmoothing === 0 ? probabilities : add(mul(probabilities, 1 - labelSmoothing), labelSmoothing / classes);
    const perPosition = neg(sum(mul(smoothed, logSoftmax(logits, -1)), -1));
    return reduceLoss(perPosition, reduction, weights);
  });
}
