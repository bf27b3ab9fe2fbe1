/** Test support: elementwise comparison with the golden README's rule, |a − e| ≤ atol + rtol·|e|. */
import { expect } from 'vitest';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Fails naming the first element out of tolerance, so a broken gradient is easy to find. */
export function expectClose(actual: readonly number[], expected: readonly number[], { rtol, atol }: Tolerance, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const bad = expected.findIndex((e, i) => !(Math.abs(actual[i]! - e) <= atol + rtol * Math.abs(e)));
  if (bad >= 0) expect.fail(`${label}[${bad}]: got ${actual[bad]}, expected ${expected[bad]} (rtol ${rtol}, atol ${atol})`);
}
