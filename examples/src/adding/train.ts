/**
 * The adding-problem run of `shared/reference/torch_adding.py`, with `fit`: Adam, global-norm
 * clipping, a fixed test set evaluated every `evalEvery` steps, and the figures the issue asks
 * for (the first steps at which test MSE falls below 0.05 and 0.01, ms per step).
 */
import { Generator, dispose, fromArray, slice, square, sub, sum, type Tensor } from '@rnn/tensor';
import { Adam, addingProblemBatch, fit, mseLoss, type AddingProblemBatch } from '@rnn/train';
import { chunkedMean } from '../shared/evaluate.js';
import type { CellKind } from '../shared/recurrent.js';
import { RunRecord, type Evaluation } from '../shared/run-record.js';
import { AddingModel } from './model.js';

export interface AddingOptions {
  readonly cell: CellKind;
  /** T, the number of steps in a sequence. */
  readonly sequenceLength: number;
  readonly hiddenSize: number;
  readonly batchSize: number;
  readonly lr: number;
  /** Optimizer steps. */
  readonly steps: number;
  /** Global gradient-norm clip. */
  readonly clipNorm: number;
  readonly evalEvery: number;
  /** Sequences in the fixed test set. */
  readonly testSize: number;
  /** Weights come from `seed`, training batches from `seed + 1`, the test set from `seed + 2`. */
  readonly seed: number;
}

export const ADDING_DEFAULTS: AddingOptions = {
  cell: 'lstm',
  sequenceLength: 100,
  hiddenSize: 100,
  batchSize: 50,
  lr: 1e-3,
  steps: 5000,
  clipNorm: 1,
  evalEvery: 250,
  testSize: 1000,
  seed: 1,
};

/** MSE thresholds whose first crossing is reported. */
export const THRESHOLDS = [0.05, 0.01] as const;

/** step, testMse, trainLoss (mean since the previous evaluation), seconds (evaluations included). */
export type AddingEvaluation = Evaluation<{ testMse: number }>;

export interface AddingResult {
  readonly options: AddingOptions;
  readonly evaluations: readonly AddingEvaluation[];
  /** The first evaluated step with test MSE below each threshold, or null. */
  readonly firstStepBelow: Readonly<Record<(typeof THRESHOLDS)[number], number | null>>;
  readonly finalTestMse: number;
  /** Test MSE of always answering 1, the mean target (≈ 1/6). */
  readonly baselineMse: number;
  readonly wallSeconds: number;
  /** Training time per step, evaluations excluded. */
  readonly msPerStep: number;
}

/** [T, B, 2] inputs and [B] targets of a generated batch. */
function tensorsOf(batch: AddingProblemBatch): { x: Tensor; y: Tensor } {
  return {
    x: fromArray(batch.inputs, { shape: [batch.steps, batch.batchSize, 2] }),
    y: fromArray(batch.targets, { shape: [batch.batchSize] }),
  };
}

export async function trainAdding(overrides: Partial<AddingOptions> = {}, onEvaluation?: (e: AddingEvaluation) => void): Promise<AddingResult> {
  const options = { ...ADDING_DEFAULTS, ...overrides };
  const { cell, sequenceLength, hiddenSize, batchSize, testSize, seed } = options;
  const model = new AddingModel({ cell, hiddenSize, generator: new Generator(seed) });
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const trainData = new Generator(seed + 1);
  const test = tensorsOf(addingProblemBatch(new Generator(seed + 2), testSize, sequenceLength));
  let baselineMse = 0;
  for (const y of test.y.dataSync()) baselineMse += (y - 1) ** 2 / testSize;

  const record = new RunRecord<{ testMse: number }>(onEvaluation);
  let steps: number;
  try {
    ({ step: steps } = await fit({
      model,
      optimizer,
      data: { next: () => addingProblemBatch(trainData, batchSize, sequenceLength) },
      loss: (batch) => {
        const { x, y } = tensorsOf(batch);
        return mseLoss(model.forward(x), y);
      },
      steps: options.steps,
      clipNorm: options.clipNorm,
      validation: {
        every: options.evalEvery,
        evaluate: () =>
          record.timed(() => ({
            testMse: chunkedMean(testSize, 250, (start, count) => {
              const prediction = model.forward(slice(test.x, [0, start, 0], [sequenceLength, count, 2]));
              return sum(square(sub(prediction, slice(test.y, [start], [count]))));
            }),
          })),
      },
      callbacks: [record.callback],
    }));
  } finally {
    dispose([test.x, test.y]);
    optimizer.dispose();
    model.dispose();
  }
  const { evaluations } = record;
  const firstBelow = (threshold: number): number | null => evaluations.find((e) => e.testMse < threshold)?.step ?? null;
  return {
    options,
    evaluations,
    firstStepBelow: { 0.05: firstBelow(0.05), 0.01: firstBelow(0.01) },
    finalTestMse: record.final('testMse'),
    baselineMse,
    ...record.timing(steps),
  };
}
