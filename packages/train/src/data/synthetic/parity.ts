/**
 * Parity, the classic hard case for sequence classifiers (Minsky & Papert 1969; Hochreiter &
 * Schmidhuber 1997, §5.5 "temporal order" and parity): a binary sequence of variable length is
 * labelled with the number of ones modulo `modulus` — 2 is parity, 3 "count of ones mod 3".
 * Every bit matters up to the last one, so the network has to carry a running count through the
 * whole sequence; lengths beyond the training range test whether it learnt the rule.
 */
import { ArgumentError, type Generator } from '@rnn/tensor';
import { nonNegativeInteger, positiveInteger } from '../validate.js';
import { uniformIntegers } from './numbers.js';

export interface ParityExamples {
  /** One array of 0/1 bits per example. */
  readonly sequences: readonly Uint8Array[];
  /** (number of ones) mod `modulus`, one per example. */
  readonly labels: Int32Array;
}

export interface ParityDataOptions {
  readonly count: number;
  /** Lengths are drawn uniformly from [minLength, maxLength]. */
  readonly minLength: number;
  readonly maxLength: number;
  readonly modulus: number;
}

export function parityExamples(generator: Generator, { count, minLength, maxLength, modulus }: ParityDataOptions): ParityExamples {
  nonNegativeInteger('parityExamples', 'count', count);
  positiveInteger('parityExamples', 'minLength', minLength);
  if (!Number.isSafeInteger(maxLength) || maxLength < minLength) throw new ArgumentError('parityExamples', 'maxLength', `must be an integer ≥ minLength ${minLength}, got ${maxLength}`);
  positiveInteger('parityExamples', 'modulus', modulus);
  const lengths = uniformIntegers(generator, count, minLength, maxLength + 1);
  const total = lengths.reduce((s, n) => s + n, 0);
  const bits = uniformIntegers(generator, total, 0, 2);
  const sequences: Uint8Array[] = [];
  const labels = new Int32Array(count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const sequence = Uint8Array.from(bits.subarray(offset, offset + lengths[i]!));
    offset += sequence.length;
    sequences.push(sequence);
    labels[i] = sequence.reduce((s, b) => s + b, 0) % modulus;
  }
  return { sequences, labels };
}
