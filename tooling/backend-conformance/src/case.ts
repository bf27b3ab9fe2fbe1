/**
 * What the suite is made of. A {@link Case} is data: inputs described by seeded generators or
 * fixed values, a function of ops, and whether it is differentiable; the runner does the rest
 * (plain and under autograd, on the backend under test and on the cpu-float64 oracle). A
 * {@link Check} is a hand-written test for what does not fit that form (memory, errors,
 * randomness).
 */
import type { Backend, BackendCaps, Shape, Tensor } from '@rnn/tensor';
import type { FloatDType, Tolerances } from './options.js';

/**
 * The dtype of an input. `float` is the dtype under test (float32 or float64; float64 on the
 * oracle); the others are fixed on both sides.
 */
export type InputDType = 'float' | 'float32' | 'float64' | 'int32' | 'bool';

/** How one input's values are made: seeded `uniform`/`normal` from @rnn/tensor, or fixed values. */
export type Input =
  | { readonly kind: 'uniform'; readonly shape: Shape; readonly low: number; readonly high: number; readonly dtype: InputDType }
  | { readonly kind: 'normal'; readonly shape: Shape; readonly mean: number; readonly std: number; readonly dtype: InputDType }
  | { readonly kind: 'values'; readonly shape: Shape; readonly values: readonly number[]; readonly dtype: InputDType };

/** Uniform on `[low, high)` (default [−1, 1)), in the dtype under test unless `dtype` says otherwise. */
export const uniformInput = (shape: Shape, low = -1, high = 1, dtype: InputDType = 'float'): Input => ({
  kind: 'uniform',
  shape,
  low,
  high,
  dtype,
});

/** Normal with `mean` and `std`. */
export const normalInput = (shape: Shape, mean = 0, std = 1, dtype: InputDType = 'float'): Input => ({
  kind: 'normal',
  shape,
  mean,
  std,
  dtype,
});

/** Fixed values (row-major), shape `[values.length]` unless given. */
export const valuesInput = (values: readonly number[], shape: Shape = [values.length], dtype: InputDType = 'float'): Input => ({
  kind: 'values',
  shape,
  values,
  dtype,
});

export const intsInput = (values: readonly number[], shape: Shape = [values.length]): Input => valuesInput(values, shape, 'int32');

export const boolsInput = (values: readonly (0 | 1)[], shape: Shape = [values.length]): Input => valuesInput(values, shape, 'bool');

export type Outputs = Tensor | readonly Tensor[];

export interface Case {
  readonly name: string;
  readonly inputs: readonly Input[];
  /** The ops under test. Inputs arrive in the order of `inputs`, already on the backend. */
  readonly op: (...xs: Tensor[]) => Outputs;
  /**
   * `op` chains several ops, leaving intermediates it does not return: the plain run wraps it
   * in `tidy`. Without it `op` runs bare, so an op that leaks internally fails the leak check;
   * single ops (or lists of them, all returned) therefore never set this.
   */
  readonly composite?: boolean;
  /**
   * The op has a gradient at these inputs: the backend's gradients are compared with the
   * oracle's, and (in float64) with central finite differences.
   */
  readonly differentiable: boolean;
  /**
   * Finite differences (default: whenever `differentiable` and the float inputs hold at most
   * {@link GRADCHECK_MAX_ELEMENTS} elements). `false` for points where the gradient is a
   * convention (ties) rather than a derivative.
   */
  readonly gradcheck?: boolean;
  /** Widens the dtype's tolerances (long reductions in float32). Default 1. */
  readonly toleranceScale?: number;
  /** Capabilities the case needs, by value (e.g. `{ float64: true }`); it is skipped otherwise. */
  readonly requires?: Partial<BackendCaps>;
}

/** Above this many float input elements, a case is not checked by finite differences. */
export const GRADCHECK_MAX_ELEMENTS = 160;

/** What a {@link Check} receives. */
export interface CheckEnv {
  /** The backend under test. */
  readonly backend: Backend;
  /** A cpu backend, for comparisons (float64 oracle). */
  readonly oracle: Backend;
  /** The dtype this run is for. */
  readonly dtype: FloatDType;
  /** That dtype's tolerances. */
  readonly tolerances: Tolerances;
  /**
   * Skips the test with a reason (vitest's context `skip`), for capabilities a check can only
   * learn at run time, such as an optional kernel or a configuration the backend declines.
   * Never by backend name.
   */
  readonly skip: (reason: string) => never;
}

export interface Check {
  readonly name: string;
  /** Capabilities the check needs, by value (`{ syncRead: false }` runs only on async-only backends). */
  readonly requires?: Partial<BackendCaps>;
  /** Must not leak: numHandles(backend) is compared before and after. */
  readonly run: (env: CheckEnv) => void | Promise<void>;
}

/** One file of the suite: a concern, with its cases and checks. */
export interface CaseGroup {
  readonly name: string;
  readonly cases?: readonly Case[];
  readonly checks?: readonly Check[];
}

/** Why a backend does not meet `requires` (null: it does). */
export function missingCaps(requires: Partial<BackendCaps> | undefined, caps: BackendCaps): string | null {
  if (requires === undefined) return null;
  const missing = (Object.keys(requires) as (keyof BackendCaps)[]).filter((k) => requires[k] !== caps[k]);
  return missing.length === 0 ? null : `needs caps ${missing.map((k) => `${k}=${String(requires[k])}`).join(', ')}`;
}
