/** The global L2 norm of a set of gradients, the figure gradient clipping and training logs use. */
import { dispose, readAll, square, sum, tidy, type Tensor, type Variable } from '@rnn/tensor';

/** Each gradient's sum of squares, as one-element tensors in the caller's scope. */
const sumsOfSquares = (grads: ReadonlyMap<Variable, Tensor>): Tensor[] => tidy(() => [...grads.values()].map((g) => sum(square(g))));

/** `√Σ` of the partial sums, accumulated in float64 in gradient order. */
function normOf(partials: readonly ArrayLike<number>[]): number {
  let total = 0;
  for (const p of partials) total += p[0]!;
  return Math.sqrt(total);
}

/**
 * `√Σ‖g‖²` over every gradient, accumulated in float64 on the host; NaN or Infinity when a
 * gradient is not finite. Reads each partial sum synchronously (cpu, wasm); on backends that
 * read asynchronously only (WebGPU) use {@link readGlobalNorm}.
 */
export function globalNorm(grads: ReadonlyMap<Variable, Tensor>): number {
  const partials = sumsOfSquares(grads);
  try {
    return normOf(partials.map((p) => p.dataSync()));
  } finally {
    dispose(partials);
  }
}

/**
 * The same norm as {@link globalNorm}, bit for bit, read asynchronously: every partial sum in one
 * batched read, so it works on every backend and costs a GPU one round trip.
 *
 * @example
 * const norm = await readGlobalNorm(grads);
 * const { grads: clipped } = clipGradNorm(grads, 1, norm);
 */
export async function readGlobalNorm(grads: ReadonlyMap<Variable, Tensor>): Promise<number> {
  const partials = sumsOfSquares(grads);
  try {
    return normOf(await readAll(partials));
  } finally {
    dispose(partials);
  }
}
