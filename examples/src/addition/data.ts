/**
 * The questions of Keras's `addition_rnn` example: "a+b" with a and b of 1 to DIGITS digits
 * (each number: a length drawn from 1…DIGITS, then that many random digits, so leading zeros
 * shorten it, exactly as Keras draws them), padded with spaces to MAXLEN = 2·DIGITS + 1 and —
 * Keras's REVERSE = True — reversed; the answer is a+b padded with spaces to DIGITS + 1 chars.
 * A question and its mirror (a+b, b+a) count as one: Keras keeps a set of sorted pairs.
 */
import type { Generator } from '@rnn/tensor';
import { Draws } from '../shared/draws.js';
import { CharVocabulary, type PairSet } from '../shared/seq2seq.js';

/** The question's characters: digits, '+' and the padding space. */
export const QUESTION_CHARS = new CharVocabulary('0123456789+ ');
/** The answer's characters and the end token '$' (also the decoder's start token). */
export const ANSWER_CHARS = new CharVocabulary('0123456789 $');
export const END = ANSWER_CHARS.id('$');

export interface AdditionExample {
  readonly a: number;
  readonly b: number;
  /** The question as the encoder reads it: padded to MAXLEN, then reversed when asked. */
  readonly question: string;
  /** a+b padded with spaces to DIGITS + 1 characters. */
  readonly answer: string;
}

export interface AdditionOptions {
  readonly digits: number;
  /** Unique questions to draw. */
  readonly size: number;
  readonly reverse: boolean;
}

/** One Keras number: a length in 1…digits, then that many random digits. */
function drawNumber(draws: Draws, digits: number): number {
  const length = draws.int(1, digits + 1);
  let text = '';
  for (let i = 0; i < length; i++) text += String(draws.int(0, 10));
  return Number(text);
}

/** The question and answer text of a + b, padded (and the question reversed) as Keras does. */
export function formatExample(a: number, b: number, digits: number, reverse: boolean): AdditionExample {
  const maxLength = 2 * digits + 1;
  const padded = `${a}+${b}`.padEnd(maxLength, ' ');
  const question = reverse ? Array.from(padded).reverse().join('') : padded;
  return { a, b, question, answer: String(a + b).padEnd(digits + 1, ' ') };
}

/** `size` unique questions in the order drawn. */
export function additionExamples(generator: Generator, { digits, size, reverse }: AdditionOptions): AdditionExample[] {
  const possible = (10 ** digits * (10 ** digits + 1)) / 2;
  if (size > possible) throw new RangeError(`additionExamples: only ${possible} unique questions have ${digits} digits, asked for ${size}`);
  const draws = new Draws(generator);
  const seen = new Set<number>();
  const examples: AdditionExample[] = [];
  while (examples.length < size) {
    const a = drawNumber(draws, digits);
    const b = drawNumber(draws, digits);
    const key = Math.min(a, b) * 10 ** digits + Math.max(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    examples.push(formatExample(a, b, digits, reverse));
  }
  return examples;
}

/** Questions as source ids, answers as target ids followed by the end token. */
export function additionPairs(examples: readonly AdditionExample[]): PairSet {
  return {
    sources: examples.map((e) => QUESTION_CHARS.encode(e.question)),
    targets: examples.map((e) => [...ANSWER_CHARS.encode(e.answer), END]),
  };
}
