import { ArgumentError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from './errors.js';
import { WordTokenizer } from './word-tokenizer.js';

describe('WordTokenizer', () => {
  it('splits text into words (apostrophes included) and single punctuation marks', () => {
    const tokenizer = WordTokenizer.fromText('');
    expect(tokenizer.split("Don't stop, world!! Ça va?")).toEqual(["Don't", 'stop', ',', 'world', '!', '!', 'Ça', 'va', '?']);
  });

  it('puts <unk> at id 0, then words by descending count, ties in code-point order', () => {
    const tokenizer = WordTokenizer.fromText('b a b c a b . Z');
    expect(tokenizer.tokens).toEqual(['<unk>', 'b', 'a', '.', 'Z', 'c']);
    expect(tokenizer.kind).toBe('word');
    expect(Array.from(tokenizer.encode('a b c d'))).toEqual([2, 1, 5, 0]);
  });

  it('drops words seen fewer than minCount times', () => {
    const tokenizer = WordTokenizer.fromText('x x x y y z', { minCount: 2 });
    expect(tokenizer.tokens).toEqual(['<unk>', 'x', 'y']);
    expect(Array.from(tokenizer.encode('z y'))).toEqual([0, 2]);
  });

  it('keeps at most maxSize tokens, the unknown token included', () => {
    const tokenizer = WordTokenizer.fromText('the cat saw the dog.', { maxSize: 4 });
    expect(tokenizer.tokens).toEqual(['<unk>', 'the', '.', 'cat']);
    expect(tokenizer.decode(tokenizer.encode('the dog.'))).toBe('the <unk> .');
  });

  it('lowercases words when asked, but keeps a whitespace-separated unknown token whole', () => {
    const tokenizer = WordTokenizer.fromText('The cat <unk> the CAT', { lowercase: true });
    expect(tokenizer.tokens).toEqual(['<unk>', 'cat', 'the']);
    expect(tokenizer.split('THE <unk> Cat')).toEqual(['the', '<unk>', 'cat']);
    expect(tokenizer.split('<unk>,')).toEqual(['<', 'unk', '>', ',']);
  });

  it('uses a custom unknown token', () => {
    const tokenizer = WordTokenizer.fromText('a b', { unknownToken: '[UNK]' });
    expect(tokenizer.tokens).toEqual(['[UNK]', 'a', 'b']);
    expect(Array.from(tokenizer.encode('b [UNK] q'))).toEqual([2, 0, 0]);
  });

  it('decodes by joining tokens with single spaces', () => {
    const tokenizer = WordTokenizer.fromText('hello , world');
    expect(tokenizer.decode(tokenizer.encode('hello,   world'))).toBe('hello , world');
    expect(() => tokenizer.decode([9])).toThrow(TokenizerError);
  });

  it('checks its options and token list', () => {
    expect(() => WordTokenizer.fromText('a', { minCount: 0 })).toThrow(ArgumentError);
    expect(() => WordTokenizer.fromText('a', { maxSize: 1.5 })).toThrow('WordTokenizer.fromText: maxSize must be an integer ≥ 1, got 1.5');
    expect(() => new WordTokenizer(['a', 'b'])).toThrow(/unknown token "<unk>" is not one of the 2 tokens/);
    expect(() => new WordTokenizer(['<unk>', ''])).toThrow(/tokens\[1\] is the empty string/);
  });
});
