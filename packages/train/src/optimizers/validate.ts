/** Checks on optimizer hyperparameters, with PyTorch's accepted ranges. */
import { ArgumentError } from '@rnn/tensor';

/** Throws unless `value` is a finite number ≥ 0. */
export function nonNegative(op: string, parameter: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new ArgumentError(op, parameter, `must be a finite number ≥ 0, got ${value}`);
}

/** Throws unless `0 ≤ value < 1` (decay rates such as Adam's betas). */
export function unitInterval(op: string, parameter: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new ArgumentError(op, parameter, `must be in [0, 1), got ${value}`);
}
