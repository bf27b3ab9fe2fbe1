/**
 * Elementwise comparison of results with messages that say which case, which element (flat and
 * multi-index) and both values, so a failing kernel can be found without a debugger.
 */
import type { DType, Shape } from '@rnn/tensor';
import type { Tolerances } from './options.js';

/** A read-back result: what `await t.data()` returned, with its metadata. */
export interface Result {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: ArrayLike<number>;
}

/** `[i, j, k]` of flat index `flat` in a row-major `shape`. */
export function multiIndex(flat: number, shape: Shape): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    if (n === 0) break;
    index[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  return index;
}

const fmtShape = (shape: Shape): string => `[${shape.join(', ')}]`;
const fmtValue = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

function close(actual: number, expected: number, tol: Tolerances): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

function describeMismatch(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  shape: Shape,
  bad: number[],
  how: string,
): string {
  const i = bad[0]!;
  const a = actual[i]!;
  const e = expected[i]!;
  return (
    `${label}: element ${i} (index ${fmtShape(multiIndex(i, shape))} of shape ${fmtShape(shape)}) is ${fmtValue(a)}, ` +
    `expected ${fmtValue(e)} (|diff| ${Math.abs(a - e)}, ${how}); ${bad.length} of ${expected.length} elements differ` +
    (bad.length > 1 ? `, also at flat ${bad.slice(1, 6).join(', ')}${bad.length > 6 ? ', …' : ''}` : '')
  );
}

/**
 * Null when every element is within `atol + rtol·|expected|` (NaN matches NaN, infinities must
 * match exactly), else a message naming `label`, the first bad index and both values.
 */
export function allclose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerances,
  label: string,
  shape: Shape = [expected.length],
): string | null {
  if (actual.length !== expected.length) return `${label}: ${actual.length} elements, expected ${expected.length}`;
  const bad: number[] = [];
  for (let i = 0; i < expected.length; i++) if (!close(actual[i]!, expected[i]!, tol)) bad.push(i);
  if (bad.length === 0) return null;
  return describeMismatch(label, actual, expected, shape, bad, `rtol ${tol.rtol}, atol ${tol.atol}`);
}

/** Null when the arrays are identical element for element (`Object.is` when `bitwise`, else `===` with NaN = NaN). */
export function exactlyEqual(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label: string,
  shape: Shape = [expected.length],
  bitwise = false,
): string | null {
  if (actual.length !== expected.length) return `${label}: ${actual.length} elements, expected ${expected.length}`;
  const bad: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const same = bitwise ? Object.is(a, e) : a === e || (Number.isNaN(a) && Number.isNaN(e));
    if (!same) bad.push(i);
  }
  if (bad.length === 0) return null;
  return describeMismatch(label, actual, expected, shape, bad, bitwise ? 'must be bit-identical' : 'must be equal');
}

/** Throws (failing the test) with the message of {@link allclose}. */
export function expectAllclose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerances,
  label: string,
  shape?: Shape,
): void {
  const failure = allclose(actual, expected, tol, label, shape);
  if (failure !== null) throw new Error(failure);
}

/** Throws (failing the test) with the message of {@link exactlyEqual}. */
export function expectExactlyEqual(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label: string,
  shape?: Shape,
  bitwise = false,
): void {
  const failure = exactlyEqual(actual, expected, label, shape, bitwise);
  if (failure !== null) throw new Error(failure);
}
