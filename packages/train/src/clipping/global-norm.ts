/** The global L2 norm of a set of gradients, the figure gradient clipping and training logs use. */
import { square, sum, tidy, type Tensor, type Variable } from '@rnn/tensor';

/**
 * `√Σ‖g‖²` over every gradient, accumulated in float64 on the host; NaN or Infinity when a
 * gradient is not finite. Reads each partial sum synchronously.
 */
export function globalNorm(grads: ReadonlyMap<Variable, Tensor>): number {
  let sumOfSquares = 0;
  for (const g of grads.values()) {
    const squares = tidy(() => sum(square(g)));
    sumOfSquares += squares.itemSync();
    squares.dispose();
  }
  return Math.sqrt(sumOfSquares);
}
