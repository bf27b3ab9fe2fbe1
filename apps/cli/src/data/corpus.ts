/** Reading the training or evaluation text and turning it into token ids. */
import { readFileSync } from 'node:fs';
import { CharTokenizer, splitTrainValidation, TokenizerError, WordTokenizer, type Tokenizer } from '@rnn/train';
import { CliError, fileError } from '../errors.js';

/** Word vocabularies keep the most frequent words; the rest become `<unk>`. */
export const WORD_VOCABULARY_SIZE = 10_000;

export function readText(path: string, flag = '--data'): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fileError('data file', path, e, `check the ${flag} path`);
  }
  if (text.length === 0) throw new CliError(`data file '${path}' is empty`, 'give a text file to train on');
  return text;
}

/** The tokenizer `kind` builds from the text itself. */
export function tokenizerFromText(kind: 'char' | 'word', text: string): Tokenizer {
  return kind === 'char' ? CharTokenizer.fromText(text) : WordTokenizer.fromText(text, { maxSize: WORD_VOCABULARY_SIZE });
}

/** The ids of `text` under a saved vocabulary; a character it lacks is one line naming it. */
export function encodeWith(tokenizer: Tokenizer, text: string, what: string): Int32Array {
  try {
    return tokenizer.encode(text);
  } catch (e) {
    if (e instanceof TokenizerError && e.token !== undefined) {
      throw new CliError(
        `${what} has ${describe(e.token)} at offset ${e.offset ?? '?'}, which the model's vocabulary of ${tokenizer.size} tokens lacks`,
        'use text made of the characters the model was trained on',
      );
    }
    throw e;
  }
}

/** `'é' (U+00E9)`, `'\n' (U+000A)`. */
export function describe(token: string): string {
  const codes = Array.from(token, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  return `character ${JSON.stringify(token)} (${codes})`;
}

export interface Corpus {
  readonly tokenizer: Tokenizer;
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * The training and validation ids of a data file: the tokenizer is built from the text (or is
 * the resumed run's), the last `valFraction` of the ids is validation, as the reference does.
 */
export function loadCorpus(path: string, { tokenizer, valFraction, seqLen }: { tokenizer: 'char' | 'word' | Tokenizer; valFraction: number; seqLen: number }): Corpus {
  const text = readText(path);
  const vocabulary = typeof tokenizer === 'string' ? tokenizerFromText(tokenizer, text) : tokenizer;
  const ids = encodeWith(vocabulary, text, `data file '${path}'`);
  const { train, validation } = splitTrainValidation(ids, valFraction);
  if (train.length < seqLen + 2 || validation.length < seqLen + 1) {
    throw new CliError(
      `data file '${path}' is too short for --seq-len ${seqLen}: ${train.length} training and ${validation.length} validation tokens ` +
        `(need ${seqLen + 2} and ${seqLen + 1})`,
      'use a shorter --seq-len, a larger --val-fraction or more text',
    );
  }
  return { tokenizer: vocabulary, train, validation };
}
