/** Checks on the sizes and counts the data utilities take. */
import { ArgumentError } from '@rnn/tensor';

/** Throws unless `value` is an integer ≥ 1. */
export function positiveInteger(op: string, parameter: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new ArgumentError(op, parameter, `must be an integer ≥ 1, got ${value}`);
}

/** Throws unless `value` is an integer ≥ 0. */
export function nonNegativeInteger(op: string, parameter: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new ArgumentError(op, parameter, `must be an integer ≥ 0, got ${value}`);
}
