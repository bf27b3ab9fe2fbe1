/**
 * The seq2seq task's data: `source<TAB>target` lines read into pairs that know their line,
 * character tokenizers built from the training pairs (the target vocabulary gets one more id,
 * the end token, which is also the start token), and shuffled, padded batches.
 */
import { type Generator, type Tensor } from '@rnn/tensor';
import { CharTokenizer, padSequences, PairsError, parseTsvPairs, shuffledBatches, TokenizerError, type Tokenizer } from '@rnn/train';
import { CliError } from '../errors.js';
import { describe, readText } from './corpus.js';

/** One pair of a TSV file, with where it came from. */
export interface LinePair {
  readonly source: string;
  readonly target: string;
  /** The file, as given, and the 1-based line. */
  readonly file: string;
  readonly line: number;
}

/** Reads `source<TAB>target` lines; a malformed line is a `CliError` naming `file:line`. */
export function readPairs(path: string, flag = '--data'): LinePair[] {
  const text = readText(path, flag);
  let parsed;
  try {
    parsed = parseTsvPairs(text, { source: path });
  } catch (e) {
    if (e instanceof PairsError) throw new CliError(`pairs file ${e.message}`, 'write one pair per line: the source, a tab, the target');
    throw e;
  }
  // parseTsvPairs skips blank lines; the same rule finds each pair's line.
  const lines: number[] = [];
  (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/).forEach((content, i) => {
    if (!/^ *$/.test(content)) lines.push(i + 1);
  });
  return parsed.map((pair, i) => ({ ...pair, file: path, line: lines[i]! }));
}

/**
 * The validation pairs of `--val-fraction f`: every pair i where ⌊(i + 1)·f⌋ > ⌊i·f⌋, so ⌊n·f⌋
 * pairs spread evenly through the file (a file sorted by length gives short and long ones).
 */
export function splitPairs<T>(pairs: readonly T[], valFraction: number, path: string): { train: T[]; validation: T[] } {
  const train: T[] = [];
  const validation: T[] = [];
  pairs.forEach((pair, i) => {
    (Math.floor((i + 1) * valFraction) > Math.floor(i * valFraction) ? validation : train).push(pair);
  });
  if (validation.length === 0 || train.length === 0) {
    throw new CliError(
      `data file '${path}' has ${pairs.length} pair${pairs.length === 1 ? '' : 's'}: too few to hold out --val-fraction ${valFraction} (${validation.length} validation, ${train.length} training)`,
      'give more pairs, another --val-fraction, or validation pairs with --val-data',
    );
  }
  return { train, validation };
}

/** The tokenizers of a seq2seq model: the target's end token is `target.size`. */
export interface PairTokenizers {
  readonly source: Tokenizer;
  readonly target: Tokenizer;
}

/** Every character of the training sources, and of the training targets. */
export function pairTokenizers(pairs: readonly LinePair[]): PairTokenizers {
  return {
    source: CharTokenizer.fromText(pairs.map((p) => p.source).join('')),
    target: CharTokenizer.fromText(pairs.map((p) => p.target).join('')),
  };
}

/** The ids of the pairs: sources, and targets closed by the end token. */
export interface EncodedPairs {
  readonly source: Int32Array[];
  readonly target: Int32Array[];
}

/**
 * Encodes pairs; a character a tokenizer lacks (a validation pair's) is a `CliError` naming
 * `file:line`, the side and the character. A target longer than `maxLength` − 1 is one too.
 */
export function encodeLinePairs(pairs: readonly LinePair[], tokenizers: PairTokenizers, maxLength: number | undefined): EncodedPairs {
  const endToken = tokenizers.target.size;
  const source: Int32Array[] = [];
  const target: Int32Array[] = [];
  for (const pair of pairs) {
    source.push(encodeSide(tokenizers.source, pair, 'source'));
    const ids = encodeSide(tokenizers.target, pair, 'target');
    if (maxLength !== undefined && ids.length + 1 > maxLength) {
      throw new CliError(
        `${pair.file}:${pair.line}: the target has ${ids.length} characters, ${ids.length + 1} steps with the end token: more than --max-length ${maxLength}`,
        `raise --max-length to ${ids.length + 1} or more, or drop the pair`,
      );
    }
    const closed = new Int32Array(ids.length + 1);
    closed.set(ids);
    closed[ids.length] = endToken;
    target.push(closed);
  }
  return { source, target };
}

function encodeSide(tokenizer: Tokenizer, pair: LinePair, side: 'source' | 'target'): Int32Array {
  try {
    return tokenizer.encode(pair[side]);
  } catch (e) {
    if (e instanceof TokenizerError && e.token !== undefined) {
      throw new CliError(
        `${pair.file}:${pair.line}: the ${side} has ${describe(e.token)} at offset ${e.offset ?? '?'}, which no training ${side} has`,
        `the ${side} vocabulary comes from the training pairs: add a training pair with it, or drop this pair`,
      );
    }
    throw e;
  }
}

/** The longest target of these, in steps (its end token included). */
export function longestTarget(encoded: readonly EncodedPairs[]): number {
  return Math.max(...encoded.flatMap((e) => e.target.map((t) => t.length)));
}

/** A padded batch of pairs, time-major: what `Seq2Seq.call` takes. A `type`, so `dispose` takes it. */
export type PairBatch = {
  /** int32 `[S, B]`, padded with 0. */
  readonly source: Tensor;
  /** int32 `[T, B]`, each target closed by the end token, padded with 0. */
  readonly target: Tensor;
  readonly sourceLengths: number[];
  readonly targetLengths: number[];
};

/** The pairs at `indices` as one padded batch. */
export function pairBatch(pairs: EncodedPairs, indices: ArrayLike<number>): PairBatch {
  const pick = (list: readonly Int32Array[]): Int32Array[] => Array.from(indices, (i) => list[i]!);
  const source = padSequences(pick(pairs.source));
  const target = padSequences(pick(pairs.target));
  return { source: source.x, target: target.x, sourceLengths: source.lengths, targetLengths: target.lengths };
}

/** Consecutive batches of `batchSize` pairs, in file order (validation). */
export function inOrder(count: number, batchSize: number): Int32Array[] {
  return shuffledBatches(count, { batchSize, shuffle: false });
}

/**
 * The training batches, for `fit`: each epoch a fresh shuffle of the pairs (`shuffledBatches`,
 * drawn from `generator`), cut into batches of `batchSize`; the last one of an epoch may be smaller.
 *
 * Resuming is exact: `epochStart` holds the generator's state from before the current epoch's
 * shuffle — save it, not the live generator — and a batcher built with `initialStep` N from that
 * state shuffles the same epoch again and continues at step N + 1's batch.
 */
export class PairBatches {
  readonly #pairs: EncodedPairs;
  readonly #batchSize: number;
  readonly #generator: Generator;
  /** The state of `generator` before the current epoch's shuffle: what a checkpoint saves. */
  readonly epochStart: Generator;
  readonly stepsPerEpoch: number;
  #order: Int32Array[] = [];
  #index = 0;

  constructor(pairs: EncodedPairs, { batchSize, generator, epochStart, initialStep }: { batchSize: number; generator: Generator; epochStart: Generator; initialStep: number }) {
    this.#pairs = pairs;
    this.#batchSize = batchSize;
    this.#generator = generator;
    this.epochStart = epochStart;
    this.stepsPerEpoch = Math.ceil(pairs.source.length / batchSize);
    if (initialStep > 0) {
      this.#shuffle();
      this.#index = ((initialStep - 1) % this.stepsPerEpoch) + 1;
    } else {
      this.#index = this.stepsPerEpoch;
    }
  }

  /** Target tokens (end tokens included) in an average batch: the throughput's unit. */
  get tokensPerBatch(): number {
    const tokens = this.#pairs.target.reduce((n, t) => n + t.length, 0);
    return (tokens / this.#pairs.target.length) * Math.min(this.#batchSize, this.#pairs.target.length);
  }

  next(): PairBatch {
    if (this.#index >= this.stepsPerEpoch) this.#shuffle();
    return pairBatch(this.#pairs, this.#order[this.#index++]!);
  }

  #shuffle(): void {
    this.epochStart.setState(this.#generator.getState());
    this.#order = shuffledBatches(this.#pairs.source.length, { batchSize: this.#batchSize, generator: this.#generator });
    this.#index = 0;
  }
}
