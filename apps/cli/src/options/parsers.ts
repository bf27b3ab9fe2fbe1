/**
 * Value parsers for commander options. Each throws commander's `InvalidArgumentError`, so a bad
 * value is reported by commander itself: `error: option '--hidden <n>' argument '0' is invalid.
 * Expected a positive integer.`
 */
import { InvalidArgumentError } from 'commander';

export type Parser<T> = (value: string) => T;

/** The finite number `value` spells, or `InvalidArgumentError(expected)`. */
function number(value: string, expected: string): number {
  const trimmed = value.trim();
  const n = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(expected);
  return n;
}

/** An integer ≥ 1 (sizes, steps, batch). */
export const positiveInteger: Parser<number> = (value) => {
  const expected = 'Expected a positive integer.';
  const n = number(value, expected);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(expected);
  return n;
};

/** An integer ≥ 0 (top-k 0 = off, warmup steps). */
export const nonNegativeInteger: Parser<number> = (value) => {
  const expected = 'Expected an integer ≥ 0.';
  const n = number(value, expected);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(expected);
  return n;
};

/** A seed: an integer ≥ 0 whose successor (the data stream's seed) is a safe integer too. */
export const seed: Parser<number> = (value) => {
  const expected = 'Expected an integer ≥ 0.';
  const n = number(value, expected);
  if (!Number.isSafeInteger(n + 1) || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(expected);
  return n;
};

/** A number in a range; `exclusiveMin`/`exclusiveMax` leave an end out. */
export function numberInRange({ min = -Infinity, max = Infinity, exclusiveMin = false, exclusiveMax = false } = {}): Parser<number> {
  const low = min === -Infinity ? '(−∞' : `${exclusiveMin ? '(' : '['}${min}`;
  const high = max === Infinity ? '∞)' : `${max}${exclusiveMax ? ')' : ']'}`;
  const expected = min === -Infinity && max === Infinity ? 'Expected a number.' : `Expected a number in ${low}, ${high}.`;
  return (value) => {
    const n = number(value, expected);
    const aboveMin = exclusiveMin ? n > min : n >= min;
    const belowMax = exclusiveMax ? n < max : n <= max;
    if (!aboveMin || !belowMax) throw new InvalidArgumentError(expected);
    return n;
  };
}

/** A number > 0 (learning rate, temperature, clipping norm). */
export const positiveNumber = numberInRange({ min: 0, exclusiveMin: true });

/** A probability that can be dropped (dropout rates): [0, 1). */
export const rate = numberInRange({ min: 0, max: 1, exclusiveMax: true });

/** One of a fixed list of words, case-insensitive. */
export function choice<const T extends string>(choices: readonly T[]): Parser<T> {
  return (value) => {
    const found = choices.find((c) => c === value.toLowerCase());
    if (found === undefined) throw new InvalidArgumentError(`Expected one of ${choices.join(', ')}.`);
    return found;
  };
}

/** `auto` or a positive integer: worker threads. */
export const threadCount: Parser<number | 'auto'> = (value) => (value.toLowerCase() === 'auto' ? 'auto' : positiveInteger(value));
