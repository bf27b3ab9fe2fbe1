/** One token per word or punctuation mark, with an unknown token for the rest. */
import { ArgumentError } from '@rnn/tensor';
import { positiveInteger } from '../validate.js';
import { compareCodePoints } from './text.js';
import type { Tokenizer, WordTokenizerJson } from './tokenizer.js';
import { checkIds, indexTokens } from './vocabulary.js';

export interface WordTokenizerOptions {
  /** The token every word outside the vocabulary becomes (default `'<unk>'`); must be one of the tokens. */
  readonly unknownToken?: string;
  /** Lowercase words before lookup (default false). */
  readonly lowercase?: boolean;
}

export interface WordVocabularyOptions extends WordTokenizerOptions {
  /** Words seen fewer times than this become the unknown token (default 1: keep all). */
  readonly minCount?: number;
  /** At most this many tokens, the unknown token included: the most frequent words are kept. */
  readonly maxSize?: number;
}

/**
 * A word is a run of letters, combining marks, digits and apostrophes (`don't`); every other
 * non-space character is a token of its own, so punctuation is kept and `world!` is two tokens.
 */
const PIECES = /[\p{L}\p{M}\p{N}']+|[^\s\p{L}\p{M}\p{N}]/gu;
const SPACE = /\s+/u;

/**
 * A word vocabulary. `fromText` puts the unknown token at id 0 and orders the words by
 * descending count, ties in code-point order, so the same text always gives the same ids.
 * `decode` joins tokens with single spaces.
 *
 * @example
 * const tokenizer = WordTokenizer.fromText('the cat saw the dog.', { maxSize: 4 });
 * tokenizer.tokens;                  // ['<unk>', 'the', '.', 'cat']
 * tokenizer.decode(tokenizer.encode('the dog.')); // 'the <unk> .'
 */
export class WordTokenizer implements Tokenizer {
  readonly kind = 'word';
  readonly tokens: readonly string[];
  readonly unknownToken: string;
  readonly lowercase: boolean;
  readonly #ids: Map<string, number>;
  readonly #unknownId: number;

  /** A tokenizer with exactly these tokens, `tokens[i]` having id i; `unknownToken` must be among them. */
  constructor(tokens: readonly string[], options: WordTokenizerOptions = {}) {
    const { unknownToken = '<unk>', lowercase = false } = options;
    this.#ids = indexTokens('WordTokenizer', tokens, unknownToken, false);
    this.tokens = Object.freeze([...tokens]);
    this.unknownToken = unknownToken;
    this.lowercase = lowercase;
    this.#unknownId = this.#ids.get(unknownToken)!;
  }

  /** The vocabulary of `text`: the unknown token, then words by descending count (see the class). */
  static fromText(text: string, options: WordVocabularyOptions = {}): WordTokenizer {
    const { minCount = 1, maxSize = Infinity, unknownToken = '<unk>', lowercase = false } = options;
    positiveInteger('WordTokenizer.fromText', 'minCount', minCount);
    if (maxSize !== Infinity) positiveInteger('WordTokenizer.fromText', 'maxSize', maxSize);
    if (unknownToken === '') throw new ArgumentError('WordTokenizer.fromText', 'unknownToken', 'must not be the empty string');
    const counts = new Map<string, number>();
    for (const word of splitWords(text, unknownToken, lowercase)) counts.set(word, (counts.get(word) ?? 0) + 1);
    counts.delete(unknownToken);
    const words = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort(([a, countA], [b, countB]) => countB - countA || compareCodePoints(a, b))
      .slice(0, maxSize - 1)
      .map(([word]) => word);
    return new WordTokenizer([unknownToken, ...words], { unknownToken, lowercase });
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The tokens `encode` looks up, in order (lowercased if the tokenizer lowercases). */
  split(text: string): string[] {
    return splitWords(text, this.unknownToken, this.lowercase);
  }

  encode(text: string): Int32Array {
    return Int32Array.from(this.split(text), (word) => this.#ids.get(word) ?? this.#unknownId);
  }

  decode(ids: ArrayLike<number>): string {
    checkIds('WordTokenizer.decode', ids, this.size);
    return Array.from(ids, (id) => this.tokens[id]!).join(' ');
  }

  idOf(token: string): number | undefined {
    return this.#ids.get(token);
  }

  toJSON(): WordTokenizerJson {
    return { kind: 'word', tokens: [...this.tokens], unknown: this.unknownToken, lowercase: this.lowercase };
  }
}

/**
 * Words and punctuation marks of `text`. A whitespace-separated chunk equal to the unknown token
 * stays whole and is not lowercased: corpora such as Penn Treebank already write rare words as
 * `<unk>`.
 */
function splitWords(text: string, unknownToken: string, lowercase: boolean): string[] {
  const words: string[] = [];
  for (const chunk of text.split(SPACE)) {
    if (chunk === '') continue;
    if (chunk === unknownToken) {
      words.push(chunk);
      continue;
    }
    for (const [piece] of chunk.matchAll(PIECES)) words.push(lowercase ? piece.toLowerCase() : piece);
  }
  return words;
}
