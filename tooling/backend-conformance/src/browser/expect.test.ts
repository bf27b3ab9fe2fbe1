// The page's expect must pass and fail exactly where vitest's does, for every matcher the suite
// uses: each row runs through both and the verdicts are compared.
import { describe, expect, it } from 'vitest';
import { expect as pageExpect } from './expect.js';

type Matcher = 'toBe' | 'toEqual' | 'toBeNull' | 'toBeGreaterThan' | 'toBeLessThan' | 'toBeInstanceOf' | 'toContain' | 'toHaveLength' | 'toThrow';
type Row = readonly [Matcher, unknown, ...unknown[]];

const boom = (): never => {
  throw new TypeError('boom');
};

const ROWS: readonly Row[] = [
  ['toBe', 1, 1],
  ['toBe', 0, -0],
  ['toBe', NaN, NaN],
  ['toBe', [1], [1]],
  ['toEqual', [1, 2], [1, 2]],
  ['toEqual', [1, 2], [1, 2, 3]],
  ['toEqual', [0], [-0]],
  ['toEqual', [NaN], [NaN]],
  ['toEqual', [], []],
  ['toEqual', [[2, 3], [4]], [[2, 3], [4]]],
  ['toEqual', [[1]], [[2]]],
  ['toEqual', { a: 1, b: undefined }, { a: 1 }],
  ['toEqual', { a: 1 }, { a: 2 }],
  ['toEqual', { a: [1], b: 'x' }, { a: [1], b: 'x' }],
  ['toEqual', new Float32Array([1, 2]), new Float32Array([1, 2])],
  ['toEqual', new Float32Array([1]), [1]],
  ['toEqual', new Error('x'), new Error('x')],
  ['toEqual', null, undefined],
  ['toEqual', ['w'], ['w']],
  ['toBeNull', null],
  ['toBeNull', undefined],
  ['toBeNull', 0],
  ['toBeGreaterThan', 2, 1],
  ['toBeGreaterThan', 1, 1],
  ['toBeGreaterThan', NaN, 1],
  ['toBeLessThan', 1, 2],
  ['toBeLessThan', 2, 2],
  ['toBeInstanceOf', new Float32Array(1), Float32Array],
  ['toBeInstanceOf', [], Float32Array],
  ['toBeInstanceOf', new TypeError('t'), Error],
  ['toContain', 'abc', 'b'],
  ['toContain', 'abc', 'd'],
  ['toContain', [1, 2], 2],
  ['toContain', [1, 2], 3],
  ['toHaveLength', [1, 2], 2],
  ['toHaveLength', 'ab', 2],
  ['toHaveLength', [1], 2],
  ['toThrow', boom],
  ['toThrow', () => 1],
  ['toThrow', boom, 'oo'],
  ['toThrow', boom, 'nope'],
  ['toThrow', boom, /bo+m/],
  ['toThrow', boom, TypeError],
  ['toThrow', boom, RangeError],
];

/** Whether the assertion passed, by either implementation. */
function verdict(assert: () => void): boolean {
  try {
    assert();
    return true;
  } catch {
    return false;
  }
}

type Assertions = Record<Matcher, (...args: unknown[]) => void> & { not: Record<Matcher, (...args: unknown[]) => void> };

describe('the page expect agrees with vitest', () => {
  for (const [matcher, actual, ...args] of ROWS) {
    for (const negated of [false, true]) {
      it(`${negated ? 'not.' : ''}${matcher}(${String(actual)}, ${args.map(String).join(', ')})`, () => {
        const run = (e: unknown) => () => {
          const a = e as Assertions;
          (negated ? a.not : a)[matcher](...args);
        };
        expect(verdict(run(pageExpect(actual))), 'the page expect').toBe(verdict(run(expect(actual))));
      });
    }
  }

  it('prefixes the message it was given', () => {
    expect(() => {
      pageExpect([1], 'the shape').toEqual([2]);
    }).toThrow(/^the shape: expected \[1\] to deeply equal \[2\]/);
  });
});
