/**
 * The leak check every test runs under: `numHandles(backend)` after the body (which disposes
 * what it made) must equal its value before. A memory scope around the body frees whatever a
 * failing body left behind, so one failure does not cascade into the next test, but the count
 * is taken before that cleanup, so the scope cannot hide a leak.
 */
import { numHandles, scope, type Backend } from '@rnn/tensor';
import { expect } from 'vitest';

export async function expectNoLeaks<T>(backend: Backend, label: string, body: () => T | Promise<T>): Promise<T> {
  const s = scope();
  let result: T;
  let after: number;
  const before = numHandles(backend);
  try {
    result = await body();
    after = numHandles(backend);
  } finally {
    s.dispose();
  }
  expect(after, `${label}: live handles on the ${backend.name} backend after the test (before: ${before}); a leak or a double free`).toBe(before);
  return result;
}
