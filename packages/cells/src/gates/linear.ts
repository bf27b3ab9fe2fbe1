/** The affine map every gate starts from. */
import { add, matmul, type Tensor } from '@rnn/tensor';

/**
 * `x·Wᵀ + b`, as `torch.nn.functional.linear`: weights are stored `[out, in]` (PyTorch's
 * layout), so one matmul with a transpose flag (no copy) computes every gate stacked in W's
 * rows at once, to be `split` afterwards. Meant to run inside a cell's step, whose scope frees
 * the intermediate.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  const product = matmul(x, weight, { transposeB: true });
  return bias === undefined ? product : add(product, bias);
}
