/** What the layers' constructors share: parameter dtypes and size checks. */
import { ArgumentError } from '@rnn/tensor';

/** Parameters are floating point; float64 is for gradient checks and exact comparisons. */
export const FLOAT_DTYPES = ['float32', 'float64'] as const;
export type FloatDType = (typeof FLOAT_DTYPES)[number];

/** Throws an ArgumentError unless `value` is an integer ≥ 1. */
export function assertPositiveInteger(op: string, parameter: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new ArgumentError(op, parameter, `must be an integer ≥ 1, got ${value}`);
}
