/**
 * Training the one-to-many decoder with `fit`: random waves each step, a fixed held-out set of
 * 500 other waves for the test MSE, and a generated sample at the end.
 */
import { Generator, dispose, fromArray, slice, square, sub, sum, tidy, type Tensor } from '@rnn/tensor';
import { Adam, CosineWithWarmup, fit, learningRateSchedule, mseLoss } from '@rnn/train';
import { chunkedMean } from '../shared/evaluate.js';
import type { CellKind } from '../shared/recurrent.js';
import { RunRecord, type Evaluation } from '../shared/run-record.js';
import { CONDITION_SIZE, sampleWaves, waveBatch, type FrequencyRange, type WaveBatch, type WaveParameters } from './data.js';
import { OneToManyDecoder } from './model.js';

export interface OneToManyTrainOptions extends FrequencyRange {
  readonly cell: CellKind;
  /** Steps of every generated wave. */
  readonly length: number;
  readonly hiddenSize: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly steps: number;
  readonly clipNorm: number;
  readonly evalEvery: number;
  readonly testSize: number;
  /** Weights come from `seed`, training waves from `seed + 1`, the test waves from `seed + 2`. */
  readonly seed: number;
}

export const ONE_TO_MANY_DEFAULTS: OneToManyTrainOptions = {
  cell: 'gru',
  length: 50,
  minFrequency: 0.1,
  maxFrequency: 0.6,
  hiddenSize: 64,
  batchSize: 32,
  lr: 3e-3,
  steps: 3000,
  clipNorm: 1,
  evalEvery: 250,
  testSize: 500,
  seed: 1,
};

/** The metrics, with step, trainLoss (mean since the previous evaluation) and seconds. */
export type OneToManyEvaluation = Evaluation<{ testMse: number }>;

export interface GeneratedSample {
  readonly wave: WaveParameters;
  readonly target: number[];
  readonly generated: number[];
}

export interface OneToManyResult {
  readonly options: OneToManyTrainOptions;
  readonly evaluations: readonly OneToManyEvaluation[];
  readonly finalTestMse: number;
  /** Test MSE of answering 0 everywhere (≈ 0.5, the mean of sin²). */
  readonly zeroMse: number;
  /** The first test wave and the model's rendering of it. */
  readonly sample: GeneratedSample;
  readonly wallSeconds: number;
  readonly msPerStep: number;
}

/** [B, 3] conditions and [T, B] targets of `waveBatch`'s arrays. */
function tensorsOf({ conditions, targets }: WaveBatch, count: number, length: number): { conditions: Tensor; targets: Tensor } {
  return {
    conditions: fromArray(conditions, { shape: [count, CONDITION_SIZE] }),
    targets: fromArray(targets, { shape: [length, count] }),
  };
}

/** Wave `index` of a [T, count] time-major batch. */
function column(values: ArrayLike<number>, index: number, count: number, length: number): number[] {
  return Array.from({ length }, (_, t) => values[t * count + index]!);
}

export async function trainOneToMany(overrides: Partial<OneToManyTrainOptions> = {}, onEvaluation?: (e: OneToManyEvaluation) => void): Promise<OneToManyResult> {
  const options = { ...ONE_TO_MANY_DEFAULTS, ...overrides };
  const { cell, length, hiddenSize, batchSize, testSize, seed } = options;
  const range: FrequencyRange = { minFrequency: options.minFrequency, maxFrequency: options.maxFrequency };
  const model = new OneToManyDecoder({ cell, conditionSize: CONDITION_SIZE, hiddenSize, steps: length, generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const trainData = new Generator(seed + 1);
  const testWaves = sampleWaves(new Generator(seed + 2), testSize, range);
  const testBatch = waveBatch(testWaves, length, range);
  const test = tensorsOf(testBatch, testSize, length);
  const zeroMse = testBatch.targets.reduce((s, y) => s + y * y, 0) / testBatch.targets.length;

  const record = new RunRecord<{ testMse: number }>(onEvaluation);
  let steps: number;
  let sample: GeneratedSample;
  try {
    ({ step: steps } = await fit({
      model,
      optimizer,
      data: { next: () => sampleWaves(trainData, batchSize, range) },
      loss: (waves) => {
        const { conditions, targets } = tensorsOf(waveBatch(waves, length, range), waves.length, length);
        return mseLoss(model.forward(conditions), targets);
      },
      steps: options.steps,
      clipNorm: options.clipNorm,
      validation: {
        every: options.evalEvery,
        evaluate: () =>
          record.timed(() => ({
            testMse:
              chunkedMean(testSize, 250, (start, count) => {
                const generated = model.forward(slice(test.conditions, [start, 0], [count, CONDITION_SIZE]));
                return sum(square(sub(generated, slice(test.targets, [0, start], [length, count]))));
              }) / length,
          })),
      },
      // The rate decays along a cosine to lr/100, so the last evaluations measure a settled model.
      callbacks: [learningRateSchedule(new CosineWithWarmup(optimizer, { warmupSteps: 0, totalSteps: options.steps, minLr: options.lr / 100 })), record.callback],
    }));
    const generated = record.timed(() => tidy(() => model.forward(slice(test.conditions, [0, 0], [1, CONDITION_SIZE]))));
    sample = {
      wave: testWaves[0]!,
      target: column(testBatch.targets, 0, testSize, length),
      generated: Array.from(generated.dataSync()),
    };
    generated.dispose();
  } finally {
    dispose([test.conditions, test.targets]);
    optimizer.dispose();
    model.dispose();
  }
  return {
    options,
    evaluations: record.evaluations,
    finalTestMse: record.final('testMse'),
    zeroMse,
    sample,
    ...record.timing(steps),
  };
}
