/** Mean squared error, as PyTorch's `F.mse_loss`. */
import { square, sub, tidy, type Tensor } from '@rnn/tensor';
import { assertFloat, assertShape } from './checks.js';
import { reduceLoss, type Reduction } from './reduction.js';

export interface MseLossOptions {
  /** Default `'mean'` over all elements. */
  readonly reduction?: Reduction;
}

/**
 * `(pred − target)²`, reduced. The shapes must match exactly: a silently broadcast target is
 * the classic bug PyTorch only warns about.
 */
export function mseLoss(pred: Tensor, target: Tensor, { reduction = 'mean' }: MseLossOptions = {}): Tensor {
  assertFloat('mseLoss', 'pred', pred);
  assertFloat('mseLoss', 'target', target);
  assertShape('mseLoss', 'target', target, pred.shape, pred);
  return tidy(() => reduceLoss(square(sub(pred, target)), reduction));
}
