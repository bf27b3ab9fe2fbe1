import { describe, expect, it } from 'vitest';
import { SafetensorsError } from '../errors.js';
import { parseJsonBytes } from './json-bytes.js';

const parse = (text: string): unknown => {
  const bytes = new TextEncoder().encode(text);
  return parseJsonBytes(bytes, 0, bytes.length);
};

describe('parseJsonBytes', () => {
  it('parses what JSON.parse parses', () => {
    const samples = [
      '{"a": [1, -2.5, 3e2, 0.5E-1, true, false, null], "b": {"c": "d"}}',
      ' \t\n\r[] ',
      '"esc\\"apes\\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00"',
      '"héllo ✓ 😀"',
      '-0',
      '{"__proto__": 1}',
    ];
    for (const text of samples) expect(parse(text)).toEqual(JSON.parse(text));
  });

  it('keeps a key named __proto__ as a key', () => {
    const value = parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('rejects what RFC 8259 rejects, with the byte offset', () => {
    const invalid: [string, number][] = [
      ['{"a": 01}', 7],
      ['[1,]', 3],
      ['[1 2]', 3],
      ['{a: 1}', 1],
      ['"tab\there"', 4],
      ['"\\x"', 1],
      ['"\\u12G4"', 1],
      ['[.5]', 1],
      ['[1.]', 3],
      ['[1e]', 3],
      ['tru', 3],
      ['{} {}', 3],
      ['NaN', 0],
    ];
    for (const [text, offset] of invalid) {
      let error: unknown;
      try {
        parse(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(SafetensorsError);
      expect((error as SafetensorsError).offset, text).toBe(offset);
    }
  });

  it('reads only the range it is given', () => {
    const bytes = new TextEncoder().encode('xx[1]yy');
    expect(parseJsonBytes(bytes, 2, 5)).toEqual([1]);
    expect(() => parseJsonBytes(bytes, 2, 4)).toThrow(SafetensorsError);
  });
});
