/**
 * Keras's `addition_rnn` run with `fit`: 50 000 unique questions, the last 10 % (after a seeded
 * shuffle) held out, Adam on shuffled epochs of the rest, greedy exact match on the held-out
 * questions every `evalEvery` steps, optionally stopping once it reaches `stopAt`.
 */
import { Generator } from '@rnn/tensor';
import { Adam, CosineWithWarmup, fit, learningRateSchedule, shuffledBatches } from '@rnn/train';
import { Draws } from '../shared/draws.js';
import { RunRecord, type Evaluation } from '../shared/run-record.js';
import { decodeSet, evaluateSeq2Seq, pairBatch, pairLoss, type PairSet, type Seq2SeqMetrics } from '../shared/seq2seq.js';
import { additionExamples, additionPairs, ANSWER_CHARS, type AdditionExample } from './data.js';
import { additionModel } from './model.js';

export const SCHEDULES = ['cosine', 'constant'] as const;

export interface AdditionTrainOptions {
  /** Keras's DIGITS: each number has 1 to `digits` digits. */
  readonly digits: number;
  /** Unique questions, training and validation together (Keras's TRAINING_SIZE). */
  readonly size: number;
  readonly validationFraction: number;
  /** Keras's REVERSE: the encoder reads the question backwards. */
  readonly reverse: boolean;
  readonly hiddenSize: number;
  readonly batchSize: number;
  readonly lr: number;
  /** 'cosine': lr decays along a half cosine to lr/100 at the last step; 'constant'. */
  readonly schedule: string;
  /** Optimizer steps at most. */
  readonly steps: number;
  readonly clipNorm: number;
  readonly evalEvery: number;
  /** Stop at the first evaluation whose exact match reaches this (0: run all steps). */
  readonly stopAt: number;
  /** Questions from `seed`, weights from `seed + 1`, batch order from `seed + 2`. */
  readonly seed: number;
}

export const ADDITION_DEFAULTS: AdditionTrainOptions = {
  digits: 3,
  size: 50_000,
  validationFraction: 0.1,
  reverse: true,
  hiddenSize: 128,
  batchSize: 128,
  lr: 3e-3,
  schedule: 'cosine',
  steps: 24_000,
  clipNorm: 5,
  evalEvery: 250,
  stopAt: 0.99,
  seed: 1,
};

export type AdditionEvaluation = Evaluation<Seq2SeqMetrics & Record<string, number>>;

export interface AdditionResult {
  readonly options: AdditionTrainOptions;
  readonly trainSize: number;
  readonly validationSize: number;
  readonly evaluations: readonly AdditionEvaluation[];
  readonly steps: number;
  readonly finalExactMatch: number;
  /** The first evaluated step whose validation exact match reached 0.99, or null. */
  readonly firstStepAt99: number | null;
  /** A few held-out questions with the model's greedy answer. */
  readonly samples: readonly { question: string; read: string; answer: string; predicted: string }[];
  readonly wallSeconds: number;
  readonly msPerStep: number;
}

/** The held-out split: the last `fraction` of a seeded shuffle. */
function split(examples: readonly AdditionExample[], fraction: number, seed: number): { train: AdditionExample[]; validation: AdditionExample[] } {
  const order = new Draws(new Generator(seed)).permutation(examples.length);
  const shuffled = Array.from(order, (i) => examples[i]!);
  const cut = examples.length - Math.round(examples.length * fraction);
  return { train: shuffled.slice(0, cut), validation: shuffled.slice(cut) };
}

export async function trainAddition(overrides: Partial<AdditionTrainOptions> = {}, onEvaluation?: (e: AdditionEvaluation) => void): Promise<AdditionResult> {
  const options = { ...ADDITION_DEFAULTS, ...overrides };
  const { digits, seed, batchSize } = options;
  const examples = additionExamples(new Generator(seed), { digits, size: options.size, reverse: options.reverse });
  const { train, validation } = split(examples, options.validationFraction, seed + 3);
  const trainSet: PairSet = additionPairs(train);
  const validationSet: PairSet = additionPairs(validation);
  const model = additionModel({ hiddenSize: options.hiddenSize, digits, generator: new Generator(seed + 1) });
  const optimizer = new Adam(model.parameters(), { lr: options.lr });
  const schedule = options.schedule === 'cosine' ? new CosineWithWarmup(optimizer, { warmupSteps: 0, totalSteps: options.steps, minLr: options.lr / 100 }) : null;
  const order = new Generator(seed + 2);
  const record = new RunRecord<Seq2SeqMetrics & Record<string, number>>(onEvaluation);
  let steps: number;
  let samples: AdditionResult['samples'];
  try {
    ({ step: steps } = await fit({
      model,
      optimizer,
      data: () => shuffledBatches(train.length, { batchSize, generator: order, dropLast: true }),
      loss: (indices) => pairLoss(model, pairBatch(trainSet, indices)),
      steps: options.steps,
      clipNorm: options.clipNorm,
      validation: { every: options.evalEvery, evaluate: () => record.timed(() => ({ ...evaluateSeq2Seq(model, validationSet, 1000) })) },
      callbacks: [
        ...(schedule ? [learningRateSchedule(schedule)] : []),
        record.callback,
        {
          onValidationEnd: ({ metrics }, context) => {
            if (options.stopAt > 0 && metrics.exactMatch! >= options.stopAt) context.stop(`exact match ≥ ${options.stopAt}`);
          },
        },
      ],
    }));
    model.eval();
    const shown = validation.slice(0, 8);
    const decoded = await decodeSet(model, additionPairs(shown).sources);
    samples = shown.map((e, i) => ({ question: `${e.a}+${e.b}`, read: e.question, answer: e.answer, predicted: ANSWER_CHARS.decode(decoded[i]!.tokens) }));
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  const { evaluations } = record;
  return {
    options,
    trainSize: train.length,
    validationSize: validation.length,
    evaluations,
    steps,
    finalExactMatch: record.final('exactMatch'),
    firstStepAt99: evaluations.find((e) => e.exactMatch >= 0.99)?.step ?? null,
    samples,
    ...record.timing(steps),
  };
}
