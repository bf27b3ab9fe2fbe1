/**
 * Many-to-one classification with `fit`: variable-length binary sequences, padded per batch
 * with `padSequences` and run with `lengths`, labelled with their count of ones mod `modulus`.
 * Validation accuracy is measured on lengths seen in training and on longer ones.
 */
import { argmax, fromArray, Generator, reshape, slice, tidy, type Tensor } from '@rnn/tensor';
import { Adam, crossEntropy, fit, padSequences, parityExamples, type ParityExamples } from '@rnn/train';
import type { CellKind } from '../shared/recurrent.js';
import { RunRecord, type Evaluation } from '../shared/run-record.js';
import { SequenceClassifier } from './model.js';

export interface ParityOptions {
  readonly cell: CellKind;
  /** Training lengths are drawn uniformly from [minLength, maxLength]. */
  readonly minLength: number;
  readonly maxLength: number;
  /** Lengths maxLength + 1 … longestTestLength test generalisation. */
  readonly longestTestLength: number;
  /** 2: parity; 3: count of ones mod 3; … */
  readonly modulus: number;
  readonly hiddenSize: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly steps: number;
  readonly clipNorm: number;
  readonly evalEvery: number;
  /** Test sequences of each length. */
  readonly testPerLength: number;
  /** Weights come from `seed`, training batches from `seed + 1`, the test sets from `seed + 2`. */
  readonly seed: number;
}

export const PARITY_DEFAULTS: ParityOptions = {
  cell: 'gru',
  minLength: 2,
  maxLength: 20,
  longestTestLength: 40,
  modulus: 2,
  hiddenSize: 32,
  batchSize: 32,
  lr: 1e-2,
  steps: 2000,
  clipNorm: 1,
  evalEvery: 250,
  testPerLength: 50,
  seed: 1,
};

/** The metrics, with step, trainLoss (mean since the previous evaluation) and seconds. */
export type ParityEvaluation = Evaluation<{ accuracy: number; longerAccuracy: number }>;

export interface ParityResult {
  readonly options: ParityOptions;
  readonly evaluations: readonly ParityEvaluation[];
  readonly finalAccuracy: number;
  readonly finalLongerAccuracy: number;
  /** Accuracy of the final model at each test length. */
  readonly accuracyByLength: Readonly<Record<number, number>>;
  /** Accuracy of always answering the most frequent class of the test sets. */
  readonly majorityAccuracy: number;
  readonly wallSeconds: number;
  readonly msPerStep: number;
}

/** The bits of each sequence as one input feature, padded time-major: [T, B, 1]. */
function padded(sequences: readonly Uint8Array[]): { x: Tensor; lengths: number[] } {
  let lengths: number[] = [];
  const x = tidy(() => {
    const batch = padSequences(sequences, { dtype: 'float32' });
    lengths = batch.lengths;
    return reshape(batch.x, [...batch.x.shape, 1]);
  });
  return { x, lengths };
}

/** A fixed test set: `perLength` sequences of every length in [from, to], held as tensors once. */
class TestSet {
  readonly x: Tensor;
  readonly lengths: number[];
  readonly labels: Int32Array;

  constructor(generator: Generator, from: number, to: number, perLength: number, modulus: number) {
    const sets: ParityExamples[] = [];
    for (let length = from; length <= to; length++) sets.push(parityExamples(generator, { count: perLength, minLength: length, maxLength: length, modulus }));
    ({ x: this.x, lengths: this.lengths } = padded(sets.flatMap((s) => s.sequences)));
    this.labels = Int32Array.from(sets.flatMap((s) => [...s.labels]));
  }

  /** The predicted class of every sequence, in chunks of `chunk`. */
  predict(model: SequenceClassifier, chunk = 500): Int32Array {
    const predictions = new Int32Array(this.labels.length);
    for (let start = 0; start < this.labels.length; start += chunk) {
      const count = Math.min(chunk, this.labels.length - start);
      const lengths = this.lengths.slice(start, start + count);
      const steps = Math.max(...lengths);
      // Inside tidy, not disposed by hand: a slice covering the whole set is the set itself.
      const classes = tidy(() => argmax(model.classify(slice(this.x, [0, start, 0], [steps, count, 1]), lengths), -1));
      predictions.set(classes.dataSync(), start);
      classes.dispose();
    }
    return predictions;
  }

  accuracy(model: SequenceClassifier): number {
    const predictions = this.predict(model);
    return predictions.reduce((s, p, i) => s + (p === this.labels[i] ? 1 : 0), 0) / predictions.length;
  }

  dispose(): void {
    this.x.dispose();
  }
}

export async function trainParity(overrides: Partial<ParityOptions> = {}, onEvaluation?: (e: ParityEvaluation) => void): Promise<ParityResult> {
  const options = { ...PARITY_DEFAULTS, ...overrides };
  const { cell, minLength, maxLength, longestTestLength, modulus, hiddenSize, batchSize, seed } = options;
  const model = new SequenceClassifier({ cell, inputSize: 1, hiddenSize, classes: modulus, generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const trainData = new Generator(seed + 1);
  const testData = new Generator(seed + 2);
  const seen = new TestSet(testData, minLength, maxLength, options.testPerLength, modulus);
  const longer = new TestSet(testData, maxLength + 1, Math.max(longestTestLength, maxLength + 1), options.testPerLength, modulus);

  const record = new RunRecord<{ accuracy: number; longerAccuracy: number }>(onEvaluation);
  let steps: number;
  let accuracyByLength: Record<number, number>;
  try {
    ({ step: steps } = await fit({
      model,
      optimizer,
      data: { next: () => parityExamples(trainData, { count: batchSize, minLength, maxLength, modulus }) },
      loss: ({ sequences, labels }) => {
        const { x, lengths } = padded(sequences);
        return crossEntropy(model.classify(x, lengths), fromArray(labels));
      },
      steps: options.steps,
      clipNorm: options.clipNorm,
      validation: {
        every: options.evalEvery,
        evaluate: () => record.timed(() => ({ accuracy: seen.accuracy(model), longerAccuracy: longer.accuracy(model) })),
      },
      callbacks: [record.callback],
    }));
    accuracyByLength = record.timed(() => ({ ...byLength(seen, model), ...byLength(longer, model) }));
  } finally {
    seen.dispose();
    longer.dispose();
    optimizer.dispose();
    model.dispose();
  }
  const counts = new Array<number>(modulus).fill(0);
  for (const label of [...seen.labels, ...longer.labels]) counts[label]!++;
  return {
    options,
    evaluations: record.evaluations,
    finalAccuracy: record.final('accuracy'),
    finalLongerAccuracy: record.final('longerAccuracy'),
    accuracyByLength,
    majorityAccuracy: Math.max(...counts) / (seen.labels.length + longer.labels.length),
    ...record.timing(steps),
  };
}

function byLength(set: TestSet, model: SequenceClassifier): Record<number, number> {
  const predictions = set.predict(model);
  const correct = new Map<number, [number, number]>();
  set.lengths.forEach((length, i) => {
    const entry = correct.get(length) ?? [0, 0];
    entry[0] += predictions[i] === set.labels[i] ? 1 : 0;
    entry[1]++;
    correct.set(length, entry);
  });
  return Object.fromEntries([...correct].map(([length, [right, all]]) => [length, right / all]));
}
