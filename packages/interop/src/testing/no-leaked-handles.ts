/** For test files: every test must end with as many live tensor handles as it began with. */
import { numHandles } from '@rnn/tensor';
import { afterEach, beforeEach, expect } from 'vitest';

export function expectNoLeakedHandles(): void {
  let before = 0;
  beforeEach(() => {
    before = numHandles();
  });
  afterEach(() => {
    expect(numHandles()).toBe(before);
  });
}
