/** The error tokenizers raise. */
import { RnnError } from '@rnn/tensor';

/** What a {@link TokenizerError} is about; the fields that apply are set. */
export interface TokenizerErrorDetails {
  /** The token (a character, a word) the vocabulary lacks, or the duplicated one. */
  readonly token?: string;
  /** Where in the input: a code-point offset into the text, or an index into the ids or tokens. */
  readonly offset?: number;
  /** The id outside the vocabulary. */
  readonly id?: number;
  /** The JSON field that is missing or malformed (`'tokens[3]'`). */
  readonly field?: string;
}

/**
 * Text the vocabulary cannot encode, ids it cannot decode, a malformed vocabulary or saved
 * tokenizer JSON. `op` names the call (`'CharTokenizer.encode'`).
 */
export class TokenizerError extends RnnError {
  override name = 'TokenizerError';
  readonly token: string | undefined;
  readonly offset: number | undefined;
  readonly id: number | undefined;
  readonly field: string | undefined;

  constructor(
    readonly op: string,
    detail: string,
    details: TokenizerErrorDetails = {},
  ) {
    super(`${op}: ${detail}`);
    this.token = details.token;
    this.offset = details.offset;
    this.id = details.id;
    this.field = details.field;
  }
}
