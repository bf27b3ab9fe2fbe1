/** Binary cross-entropy from logits, as PyTorch's `F.binary_cross_entropy_with_logits`. */
import { add, greaterEqual, log1p, exp, mul, neg, sub, tidy, where, type Tensor } from '@rnn/tensor';
import { assertBroadcastsTo, assertFloat, assertShape } from './checks.js';
import { reduceLoss, type Reduction } from './reduction.js';

export interface BinaryCrossEntropyOptions {
  /** Default `'mean'` over all elements. */
  readonly reduction?: Reduction;
  /** Weight of the positive term, per class (broadcast over the last axis) or one number. */
  readonly posWeight?: Tensor | number;
}

/**
 * `log(1 + eˣ)` as `max(x, 0) + log1p(e^−|x|)`, which never overflows. Both kinks are taken from
 * one `x ≥ 0` test so their one-sided derivatives agree: at x = 0 the gradient is σ(0) = ½,
 * where `relu` and `abs` (each with derivative 0 at 0) would give 0.
 */
function softplus(x: Tensor): Tensor {
  return tidy(() => {
    const nonNegative = greaterEqual(x, 0);
    return add(where(nonNegative, x, 0), log1p(exp(where(nonNegative, neg(x), x))));
  });
}

/**
 * `−[y·log σ(x) + (1 − y)·log(1 − σ(x))]` for logits `x` and float targets `y` in [0, 1] of the
 * same shape, computed as `max(x, 0) − x·y + log1p(e^−|x|)`: finite for any x. With `posWeight`
 * p the positive term is scaled: `(1 − y)·x + (1 + (p − 1)·y)·softplus(−x)`.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const { reduction = 'mean', posWeight } = options;
  assertFloat('binaryCrossEntropyWithLogits', 'logits', logits);
  assertFloat('binaryCrossEntropyWithLogits', 'target', target);
  assertShape('binaryCrossEntropyWithLogits', 'target', target, logits.shape, logits);
  if (typeof posWeight === 'object') assertBroadcastsTo('binaryCrossEntropyWithLogits', 'posWeight', posWeight, logits.shape, logits);
  return tidy(() => {
    if (posWeight === undefined) return reduceLoss(sub(softplus(logits), mul(logits, target)), reduction);
    const extra = typeof posWeight === 'number' ? posWeight - 1 : sub(posWeight, 1);
    const loss = add(mul(sub(1, target), logits), mul(add(mul(target, extra), 1), softplus(neg(logits))));
    return reduceLoss(loss, reduction);
  });
}
