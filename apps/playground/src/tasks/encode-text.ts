/** Text → ids under a vocabulary, with an error a person can act on. */
import { TokenizerError, type Tokenizer } from '@rnn/train';
import { TaskError } from './errors.js';

/** `text`'s ids; a character the vocabulary lacks is a TaskError naming it and its offset. */
export function encodeText(tokenizer: Tokenizer, text: string, what: string): Int32Array {
  try {
    return tokenizer.encode(text);
  } catch (e) {
    if (e instanceof TokenizerError && e.token !== undefined) {
      const codes = Array.from(e.token, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
      throw new TaskError(`${what} has the character ${JSON.stringify(e.token)} (${codes}) at offset ${e.offset ?? '?'}, which the vocabulary of ${tokenizer.size} characters lacks`);
    }
    throw e;
  }
}
