import { RnnError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer.js';
import { TokenizerError } from './errors.js';

describe('CharTokenizer', () => {
  it("numbers the text's distinct characters in code-point order, as Python's sorted(set(text))", () => {
    const tokenizer = CharTokenizer.fromText('hello World!');
    expect(tokenizer.tokens).toEqual([' ', '!', 'W', 'd', 'e', 'h', 'l', 'o', 'r']);
    expect(tokenizer.size).toBe(9);
    expect(tokenizer.kind).toBe('char');
    expect(Array.from(tokenizer.encode('hello'))).toEqual([5, 4, 6, 6, 7]);
  });

  it('treats an astral character as one token and orders it after U+FFFD, as Python does', () => {
    // JavaScript's default sort compares UTF-16 units and would put 😀 (D83D DE00) before U+FFFD.
    const tokenizer = CharTokenizer.fromText('b😀\uFFFDa😀');
    expect(tokenizer.tokens).toEqual(['a', 'b', '\uFFFD', '😀']);
    const ids = tokenizer.encode('😀a😀');
    expect(Array.from(ids)).toEqual([3, 0, 3]);
    expect(tokenizer.decode(ids)).toBe('😀a😀');
    expect(tokenizer.idOf('😀')).toBe(3);
  });

  it('decodes what it encodes', () => {
    const text = 'To be, or not to be: that is the question.\n';
    const tokenizer = CharTokenizer.fromText(text);
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('names an unknown character, escaped, and its offset in code points', () => {
    const tokenizer = CharTokenizer.fromText('ab😀');
    const error = catchError(() => tokenizer.encode('😀a\nb'));
    expect(error).toBeInstanceOf(TokenizerError);
    expect(error).toBeInstanceOf(RnnError);
    expect(error.message).toBe(
      'CharTokenizer.encode: character "\\n" (U+000A) at offset 2 is not in the vocabulary of 3 characters; ' +
        'build the tokenizer from text that contains it, or pass { unknown } to map unseen characters to one token',
    );
    expect(error.token).toBe('\n');
    expect(error.offset).toBe(2);
  });

  it('maps unseen characters to the unknown token, appended after the text’s characters', () => {
    const tokenizer = CharTokenizer.fromText('cab', { unknown: '?' });
    expect(tokenizer.tokens).toEqual(['a', 'b', 'c', '?']);
    expect(Array.from(tokenizer.encode('abz'))).toEqual([0, 1, 3]);
    expect(CharTokenizer.fromText('a?b', { unknown: '?' }).tokens).toEqual(['?', 'a', 'b']);
  });

  it('takes an explicit token list and checks it', () => {
    expect(new CharTokenizer(['x', 'y']).encode('yx')).toEqual(Int32Array.from([1, 0]));
    expect(() => new CharTokenizer([])).toThrow(/tokens must not be empty/);
    expect(() => new CharTokenizer(['a', 'b', 'a'])).toThrow("tokens[2] \"a\" (U+0061) repeats tokens[0]; tokens must be distinct");
    expect(() => new CharTokenizer(['ab'])).toThrow('tokens[0] "ab" must be exactly one character (one code point), got 2');
    expect(() => new CharTokenizer(['a'], { unknown: '?' })).toThrow(/unknown token "\?" \(U\+003F\) is not one of the 1 tokens/);
  });

  it('rejects ids outside the vocabulary when decoding, naming the id and its index', () => {
    const tokenizer = CharTokenizer.fromText('abc');
    const error = catchError(() => tokenizer.decode([0, 2, 3]));
    expect(error.message).toBe('CharTokenizer.decode: id 3 at index 2 is outside the vocabulary [0, 3)');
    expect(error.id).toBe(3);
    expect(() => tokenizer.decode([1.5])).toThrow(TokenizerError);
  });

  it('looks up one character only', () => {
    const tokenizer = CharTokenizer.fromText('abc');
    expect(tokenizer.idOf('b')).toBe(1);
    expect(tokenizer.idOf('bc')).toBeUndefined();
    expect(tokenizer.idOf('')).toBeUndefined();
    expect(tokenizer.idOf('z')).toBeUndefined();
  });

  it('refuses to build a vocabulary from empty text', () => {
    expect(() => CharTokenizer.fromText('')).toThrow(/text is empty/);
  });
});

function catchError(fn: () => unknown): TokenizerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TokenizerError) return e;
    throw e;
  }
  throw new Error('expected a TokenizerError');
}
