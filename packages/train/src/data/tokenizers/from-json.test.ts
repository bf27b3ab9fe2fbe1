import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer.js';
import { TokenizerError } from './errors.js';
import { tokenizerFromJson } from './from-json.js';
import type { Tokenizer } from './tokenizer.js';
import { WordTokenizer } from './word-tokenizer.js';

const roundTrip = (t: Tokenizer): Tokenizer => tokenizerFromJson(JSON.parse(JSON.stringify(t.toJSON())));

function fieldOf(json: unknown): string | undefined {
  try {
    tokenizerFromJson(json);
  } catch (e) {
    if (e instanceof TokenizerError) return e.field;
    throw e;
  }
  throw new Error('expected a TokenizerError');
}

describe('tokenizerFromJson', () => {
  it('restores a character tokenizer identical to the saved one', () => {
    for (const saved of [CharTokenizer.fromText('héllo 😀'), CharTokenizer.fromText('abc', { unknown: '?' })]) {
      const restored = roundTrip(saved);
      expect(restored).toBeInstanceOf(CharTokenizer);
      expect(restored.toJSON()).toEqual(saved.toJSON());
      const text = saved.tokens.join('');
      expect(restored.encode(text)).toEqual(saved.encode(text));
    }
  });

  it('restores a word tokenizer with its unknown token and lowercasing', () => {
    const saved = WordTokenizer.fromText('The cat. The dog!', { lowercase: true, unknownToken: '<oov>' });
    const restored = roundTrip(saved);
    expect(restored).toBeInstanceOf(WordTokenizer);
    expect(restored.toJSON()).toEqual({ kind: 'word', tokens: ['<oov>', 'the', '!', '.', 'cat', 'dog'], unknown: '<oov>', lowercase: true });
    expect(restored.encode('THE BIRD.')).toEqual(saved.encode('THE BIRD.'));
  });

  it('names the malformed field', () => {
    expect(fieldOf({ kind: 'bpe', tokens: ['a'] })).toBe('kind');
    expect(fieldOf({ kind: 'char' })).toBe('tokens');
    expect(fieldOf({ kind: 'char', tokens: ['a', 'b', 3] })).toBe('tokens[2]');
    expect(fieldOf({ kind: 'char', tokens: ['a', 'bc'] })).toBe('tokens[1]');
    expect(fieldOf({ kind: 'word', tokens: ['<unk>', 'x', 'x'] })).toBe('tokens[2]');
    expect(fieldOf({ kind: 'char', tokens: ['a'], unknown: 'b' })).toBe('unknown');
    expect(fieldOf({ kind: 'char', tokens: ['a'], unknown: 1 })).toBe('unknown');
    expect(fieldOf({ kind: 'word', tokens: ['<unk>'], lowercase: 'yes' })).toBe('lowercase');
    expect(fieldOf({ kind: 'char', tokens: ['a'], lowercase: true })).toBe('lowercase');
  });

  it('says what it expected and what it got', () => {
    expect(() => tokenizerFromJson(null)).toThrow('tokenizerFromJson: expected an object { kind, tokens, unknown? }, got null');
    expect(() => tokenizerFromJson({ kind: 'char', tokens: ['a', 2] })).toThrow("tokenizerFromJson: field 'tokens[1]' must be a string, got number");
    expect(() => tokenizerFromJson({ tokens: [] })).toThrow("tokenizerFromJson: field 'kind' must be 'char' or 'word', got undefined");
  });

  it("defaults a word tokenizer's unknown token to <unk>", () => {
    const tokenizer = tokenizerFromJson({ kind: 'word', tokens: ['<unk>', 'a'] });
    expect(Array.from(tokenizer.encode('a b'))).toEqual([1, 0]);
  });
});
