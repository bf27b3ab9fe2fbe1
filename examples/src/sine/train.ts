/**
 * Forecasting with `fit`: `slidingWindows` cuts the first part of a noisy series into
 * (window → next values) examples, `shuffledBatches` deals them out each epoch, and the model is
 * scored on the windows of a later, held-out stretch, next to the repeat-the-last-value forecast.
 */
import { Generator, dispose, slice, square, sub, sum } from '@rnn/tensor';
import { Adam, CosineWithWarmup, fit, learningRateSchedule, gatherBatch, mseLoss, noisySines, repeatLastValueMse, shuffledBatches, slidingWindows } from '@rnn/train';
import { chunkedMean } from '../shared/evaluate.js';
import type { CellKind } from '../shared/recurrent.js';
import { RunRecord, type Evaluation } from '../shared/run-record.js';
import { Forecaster } from './model.js';

export interface SineOptions {
  readonly cell: CellKind;
  /** Input steps per example. */
  readonly window: number;
  /** Steps forecast after each window. */
  readonly horizon: number;
  /** Steps in the whole series; the last `testLength` are held out. */
  readonly seriesLength: number;
  readonly testLength: number;
  /** The two periods, in steps. */
  readonly period1: number;
  readonly period2: number;
  /** σ of the Gaussian noise. */
  readonly noise: number;
  readonly hiddenSize: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly steps: number;
  readonly clipNorm: number;
  readonly evalEvery: number;
  /** Weights come from `seed`, the series from `seed + 1`, the batch order from `seed + 2`. */
  readonly seed: number;
}

export const SINE_DEFAULTS: SineOptions = {
  cell: 'lstm',
  window: 40,
  horizon: 1,
  seriesLength: 5000,
  testLength: 1000,
  period1: 40,
  period2: 13,
  noise: 0.1,
  hiddenSize: 32,
  batchSize: 32,
  lr: 3e-3,
  steps: 2000,
  clipNorm: 1,
  evalEvery: 250,
  seed: 1,
};

/** The metrics, with step, trainLoss (mean since the previous evaluation) and seconds. */
export type SineEvaluation = Evaluation<{ testMse: number }>;

export interface SineResult {
  readonly options: SineOptions;
  readonly evaluations: readonly SineEvaluation[];
  /** The model's MSE on the held-out windows, per forecast value. */
  readonly finalTestMse: number;
  /** The repeat-the-last-value forecast's MSE on the same windows. */
  readonly naiveTestMse: number;
  /** σ², the noise's variance: no forecast of the noisy values can do better on average. */
  readonly noiseFloor: number;
  readonly trainWindows: number;
  readonly testWindows: number;
  readonly wallSeconds: number;
  readonly msPerStep: number;
}

export async function trainSine(overrides: Partial<SineOptions> = {}, onEvaluation?: (e: SineEvaluation) => void): Promise<SineResult> {
  const options = { ...SINE_DEFAULTS, ...overrides };
  const { cell, window, horizon, seriesLength, testLength, hiddenSize, batchSize, seed } = options;
  if (!(testLength >= window + horizon && seriesLength - testLength >= window + horizon)) {
    throw new RangeError(`trainSine: both the training part (${seriesLength - testLength} steps) and the test part (${testLength}) need at least window + horizon = ${window + horizon} steps`);
  }
  const series = noisySines(new Generator(seed + 1), { length: seriesLength, periods: [options.period1, options.period2], noise: options.noise });
  const trainSeries = series.subarray(0, seriesLength - testLength);
  const testSeries = series.subarray(seriesLength - testLength);
  const model = new Forecaster({ cell, hiddenSize, horizon, generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const order = new Generator(seed + 2);
  const train = slidingWindows(trainSeries, { window, horizon });
  const test = slidingWindows(testSeries, { window, horizon });
  const trainWindows = train.targets.shape[0]!;
  const testWindows = test.targets.shape[0]!;

  const record = new RunRecord<{ testMse: number }>(onEvaluation);
  let steps: number;
  try {
    ({ step: steps } = await fit({
      model,
      optimizer,
      // A fresh shuffle per epoch; fit stops at `steps` whatever the epoch.
      data: () => shuffledBatches(trainWindows, { batchSize, generator: order, dropLast: true }),
      loss: (indices) => mseLoss(model.forward(gatherBatch(train.inputs, indices, 1)), gatherBatch(train.targets, indices, 0)),
      steps: options.steps,
      clipNorm: options.clipNorm,
      validation: {
        every: options.evalEvery,
        evaluate: () =>
          record.timed(() => ({
            testMse:
              chunkedMean(testWindows, 500, (start, count) => {
                const prediction = model.forward(slice(test.inputs, [0, start, 0], [window, count, 1]));
                return sum(square(sub(prediction, slice(test.targets, [start, 0], [count, horizon]))));
              }) / horizon,
          })),
      },
      // The rate decays along a cosine to lr/100, so the last evaluations measure a settled model.
      callbacks: [learningRateSchedule(new CosineWithWarmup(optimizer, { warmupSteps: 0, totalSteps: options.steps, minLr: options.lr / 100 })), record.callback],
    }));
  } finally {
    dispose([train.inputs, train.targets, test.inputs, test.targets]);
    optimizer.dispose();
    model.dispose();
  }
  return {
    options,
    evaluations: record.evaluations,
    finalTestMse: record.final('testMse'),
    naiveTestMse: repeatLastValueMse(testSeries, window, horizon),
    noiseFloor: options.noise ** 2,
    trainWindows,
    testWindows,
    ...record.timing(steps),
  };
}
