/** What every tokenizer offers, and the JSON form a checkpoint saves it in. */

/**
 * Text ↔ integer ids. `tokens[id]` is the token with that id; `size` is the vocabulary size
 * (the model's input and output width).
 */
export interface Tokenizer {
  readonly kind: 'char' | 'word';
  readonly size: number;
  readonly tokens: readonly string[];
  /** The ids of `text`'s tokens; throws a `TokenizerError` for a token the vocabulary lacks (unless it has an unknown token). */
  encode(text: string): Int32Array;
  /** The text of `ids`; throws a `TokenizerError` for an id outside [0, size). */
  decode(ids: ArrayLike<number>): string;
  /** The id of `token` exactly as written, or undefined. */
  idOf(token: string): number | undefined;
  /** The plain-JSON form `tokenizerFromJson` reads back: the vocabulary saved with the model. */
  toJSON(): TokenizerJson;
}

/** A character vocabulary; `unknown` (one of `tokens`) stands for characters outside it. */
export interface CharTokenizerJson {
  readonly kind: 'char';
  readonly tokens: readonly string[];
  readonly unknown?: string;
}

/** A word vocabulary; `unknown` (one of `tokens`) stands for words outside it. */
export interface WordTokenizerJson {
  readonly kind: 'word';
  readonly tokens: readonly string[];
  readonly unknown: string;
  /** Whether text is lowercased before lookup. */
  readonly lowercase: boolean;
}

export type TokenizerJson = CharTokenizerJson | WordTokenizerJson;
