import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { choice, nonNegativeInteger, numberInRange, positiveInteger, rate, seed } from './parsers.js';

describe('option parsers', () => {
  it('positiveInteger takes 1, 2, … and refuses 0, fractions, words and the empty string', () => {
    expect(positiveInteger('128')).toBe(128);
    for (const bad of ['0', '-1', '1.5', 'abc', '', '1e400']) expect(() => positiveInteger(bad)).toThrow(InvalidArgumentError);
  });

  it('nonNegativeInteger takes 0', () => {
    expect(nonNegativeInteger('0')).toBe(0);
    expect(() => nonNegativeInteger('-2')).toThrow('Expected an integer ≥ 0.');
  });

  it('numberInRange names its range, with open ends where asked', () => {
    const parse = numberInRange({ min: 0, max: 1, exclusiveMax: true });
    expect(parse('0.25')).toBe(0.25);
    expect(() => parse('1')).toThrow('Expected a number in [0, 1).');
    expect(rate('0')).toBe(0);
    expect(numberInRange({ min: 0, exclusiveMin: true })('2e-3')).toBe(0.002);
  });

  it('seed takes integers whose successor is still exact', () => {
    expect(seed('4294967296')).toBe(2 ** 32);
    expect(() => seed(String(Number.MAX_SAFE_INTEGER))).toThrow(InvalidArgumentError);
    expect(() => seed('-1')).toThrow('Expected an integer ≥ 0.');
  });

  it('choice is case-insensitive and lists the choices when refusing', () => {
    const cell = choice(['lstm', 'gru'] as const);
    expect(cell('LSTM')).toBe('lstm');
    expect(() => cell('tcn')).toThrow('Expected one of lstm, gru.');
  });
});
