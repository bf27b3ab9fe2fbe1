/** Checks shared by the cell factories; each failure names the factory and the option. */
import { ArgumentError } from '@rnn/tensor';

export function positiveInteger(factory: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ArgumentError(factory, option, `must be a positive integer, got ${String(value)}`);
  return value;
}

/** `value` if it is one of `allowed`: options often come from JSON or JavaScript, unchecked. */
export function oneOf<T extends string>(factory: string, option: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new ArgumentError(factory, option, `'${value}' is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value;
}
