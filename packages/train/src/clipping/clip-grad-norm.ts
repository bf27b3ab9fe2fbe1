/** Rescaling gradients so their global L2 norm is at most `maxNorm` (Pascanu et al. 2013). */
import { ArgumentError, mul, type Tensor, type Variable } from '@rnn/tensor';
import { globalNorm } from './global-norm.js';

export interface ClippedGrads {
  /** New gradient tensors (the inputs are untouched), in the caller's memory scope. */
  readonly grads: Map<Variable, Tensor>;
  /** The global L2 norm before clipping; NaN or Infinity when a gradient is not finite. */
  readonly norm: number;
}

/**
 * PyTorch's `clip_grad_norm_` (L2): `norm = √Σ‖g‖²`, and every gradient is multiplied by
 * `maxNorm / (norm + 1e-6)` when that is below 1. The sum of squares is accumulated in float64.
 * A non-finite norm is returned as is, with the gradients unscaled, so the caller can see it and
 * skip the step (PyTorch would scale by NaN or 0 and hide which). Reads the norm synchronously,
 * unless it is given as `norm` (from {@link readGlobalNorm} on backends that read asynchronously).
 */
export function clipGradNorm(grads: ReadonlyMap<Variable, Tensor>, maxNorm: number, norm?: number): ClippedGrads {
  if (!(maxNorm >= 0) || maxNorm === Infinity) throw new ArgumentError('clipGradNorm', 'maxNorm', `must be a finite number ≥ 0, got ${maxNorm}`);
  norm ??= globalNorm(grads);
  const scale = Number.isFinite(norm) ? Math.min(maxNorm / (norm + 1e-6), 1) : 1;
  return { grads: new Map([...grads].map(([v, g]) => [v, mul(g, scale)])), norm };
}
