/** Source/target text pairs as token ids, each target closed by an end token. */
import { ArgumentError } from '@rnn/tensor';
import { TokenizerError } from '../tokenizers/errors.js';
import type { Tokenizer } from '../tokenizers/tokenizer.js';
import { PairsError } from './errors.js';
import type { TextPair } from './parse-tsv-pairs.js';

export interface EncodePairsOptions {
  /** Encodes each pair's source. */
  readonly sourceTokenizer: Tokenizer;
  /** Encodes each pair's target. */
  readonly targetTokenizer: Tokenizer;
  /** The id appended to every target (end of sequence), in [0, targetTokenizer.size). */
  readonly endToken: number;
  /** The file the pairs came from, for error messages (`data.tsv:12: the target of pair 10 …`, with the line `parseTsvPairs` recorded). */
  readonly source?: string;
}

/** The encoded pairs: `source[i]` and `target[i]` are pair i's ids. */
export interface EncodedPairs {
  readonly source: Int32Array[];
  readonly target: Int32Array[];
}

const OP = 'encodePairs';

/**
 * The ids of each pair's source, and of its target followed by `endToken`, so a decoder learns
 * where to stop; `padSequences` then batches them. Text a tokenizer cannot encode is a
 * {@link PairsError} naming the pair's index and side, with the tokenizer's message (its
 * `TokenizerError` is the `cause`).
 *
 * @example
 * const { source, target } = encodePairs(parseTsvPairs(text), { sourceTokenizer, targetTokenizer, endToken: targetTokenizer.idOf('$')! });
 * const { x: targets, lengths } = padSequences(target); // int32 [T, B], lengths with the end token
 */
export function encodePairs(pairs: readonly TextPair[], options: EncodePairsOptions): EncodedPairs {
  const { sourceTokenizer, targetTokenizer, endToken, source: file } = options;
  if (!Number.isInteger(endToken) || endToken < 0 || endToken >= targetTokenizer.size) {
    throw new ArgumentError(OP, 'endToken', `must be an id of the target vocabulary, an integer in [0, ${targetTokenizer.size}), got ${endToken}`);
  }
  const encode = (tokenizer: Tokenizer, text: string, pair: number, side: 'source' | 'target'): Int32Array => {
    try {
      return tokenizer.encode(text);
    } catch (error) {
      if (!(error instanceof TokenizerError)) throw error;
      const line = pairs[pair]!.line;
      const where = { pair, side, ...(line === undefined ? {} : { line }), ...(file === undefined ? {} : { source: file }) };
      throw new PairsError(OP, `the ${side} of pair ${pair} cannot be encoded: ${error.message}`, where, { cause: error });
    }
  };
  const source: Int32Array[] = [];
  const target: Int32Array[] = [];
  pairs.forEach((p, i) => {
    source.push(encode(sourceTokenizer, p.source, i, 'source'));
    const ids = encode(targetTokenizer, p.target, i, 'target');
    const closed = new Int32Array(ids.length + 1);
    closed.set(ids);
    closed[ids.length] = endToken;
    target.push(closed);
  });
  return { source, target };
}
