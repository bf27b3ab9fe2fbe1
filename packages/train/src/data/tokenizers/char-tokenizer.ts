/** One token per Unicode character, as the char-rnn and the PyTorch reference tokenize. */
import { TokenizerError } from './errors.js';
import { describeToken } from './text.js';
import type { CharTokenizerJson, Tokenizer } from './tokenizer.js';
import { checkIds, indexTokens } from './vocabulary.js';

export interface CharTokenizerOptions {
  /**
   * A character that stands for every character outside the vocabulary when encoding (say
   * `'?'`); without it such a character is a `TokenizerError`. It must be one of the tokens;
   * `fromText` appends it when the text lacks it.
   */
  readonly unknown?: string;
}

/**
 * A character vocabulary. Characters are Unicode code points, so an emoji is one token, as in
 * Python; `fromText` numbers them in code-point order, as `sorted(set(text))` does, so ids
 * equal those of the PyTorch reference.
 *
 * @example
 * const tokenizer = CharTokenizer.fromText('hello world');
 * tokenizer.tokens;               // [' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']
 * tokenizer.encode('low');        // Int32Array [4, 5, 7]
 */
export class CharTokenizer implements Tokenizer {
  readonly kind = 'char';
  readonly tokens: readonly string[];
  readonly unknown: string | undefined;
  /** code point → id: encoding looks up numbers, not one-character strings. */
  readonly #ids: Map<number, number>;
  readonly #unknownId: number | undefined;

  /** A tokenizer with exactly these tokens, `tokens[i]` having id i. */
  constructor(tokens: readonly string[], options: CharTokenizerOptions = {}) {
    const ids = indexTokens('CharTokenizer', tokens, options.unknown, true);
    this.tokens = Object.freeze([...tokens]);
    this.unknown = options.unknown;
    this.#ids = new Map([...ids].map(([token, id]) => [token.codePointAt(0)!, id]));
    this.#unknownId = options.unknown === undefined ? undefined : ids.get(options.unknown);
  }

  /** The distinct characters of `text` in code-point order (then `unknown`, if the text lacks it). */
  static fromText(text: string, options: CharTokenizerOptions = {}): CharTokenizer {
    const codePoints = new Set<number>();
    for (const char of text) codePoints.add(char.codePointAt(0)!);
    const tokens = [...codePoints].sort((a, b) => a - b).map((c) => String.fromCodePoint(c));
    if (tokens.length === 0 && options.unknown === undefined) {
      throw new TokenizerError('CharTokenizer.fromText', 'text is empty, so there are no characters to build a vocabulary from');
    }
    const { unknown } = options;
    if (unknown !== undefined && !tokens.includes(unknown)) tokens.push(unknown);
    return new CharTokenizer(tokens, options);
  }

  get size(): number {
    return this.tokens.length;
  }

  encode(text: string): Int32Array {
    const out = new Int32Array(text.length);
    let n = 0;
    for (const char of text) {
      const id = this.#ids.get(char.codePointAt(0)!) ?? this.#unknownId;
      if (id === undefined) {
        throw new TokenizerError(
          'CharTokenizer.encode',
          `character ${describeToken(char)} at offset ${n} is not in the vocabulary of ${this.size} characters; ` +
            'build the tokenizer from text that contains it, or pass { unknown } to map unseen characters to one token',
          { token: char, offset: n },
        );
      }
      out[n++] = id;
    }
    return n === out.length ? out : out.slice(0, n);
  }

  decode(ids: ArrayLike<number>): string {
    checkIds('CharTokenizer.decode', ids, this.size);
    let text = '';
    for (let i = 0; i < ids.length; i++) text += this.tokens[ids[i]!]!;
    return text;
  }

  idOf(token: string): number | undefined {
    const codePoint = token.codePointAt(0);
    if (codePoint === undefined || token.length !== (codePoint > 0xffff ? 2 : 1)) return undefined;
    return this.#ids.get(codePoint);
  }

  toJSON(): CharTokenizerJson {
    return this.unknown === undefined ? { kind: 'char', tokens: [...this.tokens] } : { kind: 'char', tokens: [...this.tokens], unknown: this.unknown };
  }
}
