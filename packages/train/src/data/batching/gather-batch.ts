/** Picking a batch of examples out of a dataset tensor by index. */
import { fromArray, gather, type Tensor } from '@rnn/tensor';

/**
 * The slices of `x` at `indices` along `axis` (1 for time-major `[T, N, F]` inputs, 0 for
 * batch-first targets): `gather` with the indices as a temporary int32 tensor.
 *
 * @example
 * const x = gatherBatch(inputs, indices, 1);  // [window, batch, F]
 * const y = gatherBatch(targets, indices, 0); // [batch, horizon · F]
 */
export function gatherBatch(x: Tensor, indices: ArrayLike<number>, axis = 0): Tensor {
  const index = fromArray(Int32Array.from(indices), { dtype: 'int32', backend: x.backend });
  try {
    return gather(x, index, axis);
  } finally {
    index.dispose(); // autograd keeps its own reference when it needs the indices
  }
}
