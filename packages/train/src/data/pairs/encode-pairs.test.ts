import { ArgumentError } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from '../tokenizers/char-tokenizer.js';
import { TokenizerError } from '../tokenizers/errors.js';
import type { Tokenizer } from '../tokenizers/tokenizer.js';
import { WordTokenizer } from '../tokenizers/word-tokenizer.js';
import { encodePairs } from './encode-pairs.js';
import { PairsError } from './errors.js';
import { parseTsvPairs } from './parse-tsv-pairs.js';

const pairs = parseTsvPairs('hi\tsalut\nyes\toui\n');
const sourceTokenizer = CharTokenizer.fromText('hiyes'); // e h i s y
const targetTokenizer = CharTokenizer.fromText('salutoui$'); // $ a i l o s t u
const endToken = targetTokenizer.idOf('$')!;

describe('encodePairs', () => {
  it('gives the source ids and the target ids closed by endToken', () => {
    expect(endToken).toBe(0);
    const { source, target } = encodePairs(pairs, { sourceTokenizer, targetTokenizer, endToken });
    expect(source).toEqual([Int32Array.from([1, 2]), Int32Array.from([4, 0, 3])]);
    expect(target).toEqual([Int32Array.from([5, 1, 3, 7, 6, 0]), Int32Array.from([4, 7, 2, 0])]);
    expect(targetTokenizer.decode(target[0]!)).toBe('salut$');
  });

  it('takes any tokenizer, a word tokenizer for instance, and gives [] for no pairs', () => {
    const words = WordTokenizer.fromText('the cat sat .');
    const { source, target } = encodePairs([{ source: 'the cat', target: 'cat sat' }], {
      sourceTokenizer: words,
      targetTokenizer: words,
      endToken: words.idOf('.')!,
    });
    expect(words.decode(source[0]!)).toBe('the cat');
    expect(words.decode(target[0]!)).toBe('cat sat .');
    expect(encodePairs([], { sourceTokenizer, targetTokenizer, endToken })).toEqual({ source: [], target: [] });
  });

  it("rethrows a tokenizer's error as a PairsError naming the pair and the side", () => {
    const error = catchError(() =>
      encodePairs([...pairs, { source: 'yes', target: 'ouiz' }], { sourceTokenizer, targetTokenizer, endToken }),
    );
    expect(error).toBeInstanceOf(PairsError);
    expect(error.pair).toBe(2);
    expect(error.side).toBe('target');
    expect(error.line).toBeUndefined();
    expect(error.cause).toBeInstanceOf(TokenizerError);
    expect(error.message).toBe(
      'encodePairs: the target of pair 2 cannot be encoded: CharTokenizer.encode: character "z" (U+007A) at offset 3 is not in the vocabulary of 8 characters; ' +
        'build the tokenizer from text that contains it, or pass { unknown } to map unseen characters to one token',
    );

    const source = catchError(() => encodePairs([{ source: 'hey!', target: 'oui' }], { sourceTokenizer, targetTokenizer, endToken }));
    expect(source.side).toBe('source');
    expect(source.pair).toBe(0);
    expect(source.message).toMatch(/^encodePairs: the source of pair 0 cannot be encoded: CharTokenizer\.encode: character "!" \(U\+0021\) at offset 3/);
  });

  it('names the file and the line parseTsvPairs recorded', () => {
    const read = parseTsvPairs('hi\tsalut\n\nyes\touiz\n', { source: 'fr.tsv' });
    const error = catchError(() => encodePairs(read, { sourceTokenizer, targetTokenizer, endToken, source: 'fr.tsv' }));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^fr\.tsv:3: the target of pair 1 cannot be encoded: CharTokenizer\.encode: character "z"/);
  });

  it('rejects an endToken outside the target vocabulary', () => {
    for (const bad of [-1, 8, 1.5, Number.NaN]) {
      expect(() => encodePairs(pairs, { sourceTokenizer, targetTokenizer, endToken: bad })).toThrow(ArgumentError);
    }
    expect(() => encodePairs(pairs, { sourceTokenizer, targetTokenizer, endToken: 8 })).toThrow(
      'encodePairs: endToken must be an id of the target vocabulary, an integer in [0, 8), got 8',
    );
  });

  it('lets errors other than a tokenizer’s through unchanged', () => {
    const broken: Tokenizer = {
      kind: 'char',
      size: 1,
      tokens: ['a'],
      encode: () => {
        throw new RangeError('boom');
      },
      decode: () => 'a',
      idOf: () => 0,
      toJSON: () => ({ kind: 'char', tokens: ['a'] }),
    };
    expect(() => encodePairs(pairs, { sourceTokenizer: broken, targetTokenizer, endToken })).toThrow(RangeError);
  });
});

function catchError(fn: () => unknown): PairsError {
  try {
    fn();
  } catch (error) {
    return error as PairsError;
  }
  throw new Error('expected an error');
}
