/** What the cpu optimizer kernels work on: one parameter's arrays, and the dtype's rounding. */
import type { FloatArray } from '../matmul.js';

export interface ParameterArrays {
  readonly theta: FloatArray;
  readonly grad: FloatArray;
  /** The current slots in the rule's order, null where a slot does not exist yet. */
  readonly slots: readonly (FloatArray | null)[];
  /** Where the new parameter goes. */
  readonly outTheta: FloatArray;
  /** Where the new slots go, in the rule's order. */
  readonly outSlots: readonly FloatArray[];
}

/**
 * Rounds one operation's result to the dtype. The composed updates store every intermediate
 * in the tensor's dtype, so a float32 update rounds after each operation, not only at the end.
 */
export type Round = (x: number) => number;

const exact: Round = (x) => x;

export const roundingOf = (dtype: 'float32' | 'float64'): Round => (dtype === 'float32' ? Math.fround : exact);

/** Every scalar of `scalars` rounded once to the dtype, as a scalar operand of a tensor op is. */
export function roundScalars<S extends object>(scalars: S, round: Round): S {
  return Object.fromEntries(Object.entries(scalars).map(([k, v]) => [k, round(v as number)])) as S;
}
