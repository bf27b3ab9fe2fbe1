/** How a loss turns its per-element values into what it returns, as PyTorch's `reduction`. */
import { div, mul, sum, tidy, type Tensor } from '@rnn/tensor';

/** `'mean'` averages over the counted elements, `'sum'` adds them, `'none'` keeps one per element. */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * Applies `reduction` to `loss`. With `weights` (1 for counted elements, 0 for ignored or masked
 * ones, or any non-negative weight) the mean is `Σ w·l / Σ w`, as PyTorch's ignore_index and
 * class weights do; a mean over no counted elements is NaN (0/0), as in PyTorch.
 */
export function reduceLoss(loss: Tensor, reduction: Reduction, weights?: Tensor): Tensor {
  return tidy(() => {
    const weighted = weights === undefined ? loss : mul(loss, weights);
    if (reduction === 'none') return weighted;
    if (reduction === 'sum') return sum(weighted);
    return div(sum(weighted), weights === undefined ? loss.size : sum(weights));
  });
}
