/** Checking a state dict against a module's parameters before anything is assigned. */
import { BackendMismatchError, type Tensor, type Variable } from '@rnn/tensor';
import type { ShapeMismatch } from '../errors.js';

export interface StateDictComparison {
  readonly missing: string[];
  readonly unexpected: string[];
  readonly mismatched: ShapeMismatch[];
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Sorts the keys of `dict` against the module's `targets`: missing (a parameter with no entry),
 * unexpected (an entry with no parameter) and shape mismatches. A disposed entry or one on
 * another backend throws here, so that loading never fails halfway through.
 */
export function compareStateDict(targets: readonly (readonly [string, Variable])[], dict: Readonly<Record<string, Tensor>>): StateDictComparison {
  const expected = new Set(targets.map(([key]) => key));
  const missing: string[] = [];
  const mismatched: ShapeMismatch[] = [];
  for (const [key, parameter] of targets) {
    const value = Object.hasOwn(dict, key) ? dict[key] : undefined;
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    value.assertAlive(`loadStateDict('${key}')`);
    if (value.backend !== parameter.backend) {
      throw new BackendMismatchError(`loadStateDict('${key}')`, [parameter.backend.name, value.backend.name]);
    }
    if (!sameShape(value.shape, parameter.shape)) mismatched.push({ key, expected: parameter.shape, actual: value.shape });
  }
  const unexpected = Object.keys(dict).filter((key) => !expected.has(key));
  return { missing, unexpected, mismatched };
}
