/** Clamping every gradient element to `[−value, value]`. */
import { ArgumentError, clip, type Tensor, type Variable } from '@rnn/tensor';

/** PyTorch's `clip_grad_value_`: new gradients clamped elementwise; NaN stays NaN. */
export function clipGradValue(grads: ReadonlyMap<Variable, Tensor>, value: number): Map<Variable, Tensor> {
  if (!(value >= 0)) throw new ArgumentError('clipGradValue', 'value', `must be ≥ 0, got ${value}`);
  return new Map([...grads].map(([v, g]) => [v, clip(g, -value, value)]));
}
