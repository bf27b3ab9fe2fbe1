/**
 * `rnn train --task seq2seq`: an encoder-decoder on `source<TAB>target` lines, character level —
 * shuffled batches of whole pairs, padded; teacher forcing (with `--sampling-rate`, scheduled
 * sampling); `sequenceCrossEntropy` over the real target tokens; validation by loss, token
 * accuracy and the exact match of greedy translations. Checkpoints resume bit-exactly, as the
 * language model's do.
 */
import { dispose, Generator, readAll, tidy, type Tensor } from '@rnn/tensor';
import type { Seq2Seq } from '@rnn/layers';
import { CheckpointDirectory, checkpointEvery, fit, learningRateSchedule, restoreTraining, sequenceCrossEntropy, tokenAccuracy, type Callback } from '@rnn/train';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { encodeLinePairs, inOrder, longestTarget, pairBatch, PairBatches, pairTokenizers, readPairs, splitPairs, type EncodedPairs, type LinePair } from '../data/pairs.js';
import { buildSeq2Seq, checkSeq2SeqOptions } from '../model/build-seq2seq.js';
import { seq2seqCheckpointExtra } from '../model/checkpoint.js';
import { checkOptimizerOptions, createOptimizer, createSchedule } from '../model/training.js';
import { selectBackend } from '../options/backend.js';
import { trainConfigJson } from '../options/resolve-train.js';
import type { TrainConfig } from '../options/train-options.js';
import { createReporter } from '../output/reporter.js';
import { reportingCallback } from '../output/train-callback.js';
import { countParameters, interrupted, trainingGenerators, watchInterrupts, type Resumed, type TaskRun, type TrainResult } from './train.js';

/** Validation pairs per batch (teacher-forced loss, then greedy decoding). */
const VALIDATION_BATCH = 256;

/** The steps a seq2seq run trains for: `--steps`, or `--epochs` passes over the training pairs. */
export function seq2seqSteps(config: Pick<TrainConfig, 'steps' | 'epochs' | 'batch'>, trainPairs: number): number {
  if (config.epochs === undefined) return config.steps;
  return Math.max(1, Math.ceil((config.epochs * trainPairs) / config.batch));
}

/** The training and validation pairs of a run: `--val-data`, or every 1/`--val-fraction`-th pair of `--data`. */
export function loadPairSets(config: Pick<TrainConfig, 'data' | 'valData' | 'valFraction'>): { train: LinePair[]; validation: LinePair[] } {
  const data = config.data;
  if (data === undefined) throw new CliError('missing --data <file>', 'give the pairs to train on, e.g. rnn train --task seq2seq --data pairs.tsv');
  const pairs = readPairs(data);
  if (config.valData === undefined) return splitPairs(pairs, config.valFraction, data);
  return { train: pairs, validation: readPairs(config.valData, '--val-data') };
}

export async function trainSeq2Seq(initial: TrainConfig, { run, resumed, owned }: TaskRun<Extract<Resumed, { kind: 'seq2seq' }>>, io: CliIo): Promise<TrainResult> {
  const { dtype, note } = await selectBackend(initial.backend, initial.threads);
  if (note !== null) io.stderr.write(`rnn train: ${note}\n`);
  checkSeq2SeqOptions(initial);
  checkOptimizerOptions(initial);
  const sets = loadPairSets(initial);
  const tokenizers = resumed === undefined ? pairTokenizers(sets.train) : { source: resumed.sourceTokenizer, target: resumed.targetTokenizer };
  const limit = resumed?.model.maxLength ?? initial.maxLength;
  const trainSet = encodeLinePairs(sets.train, tokenizers, limit);
  const validationSet = encodeLinePairs(sets.validation, tokenizers, limit);
  // Saved resolved, so --resume and `rnn info` see the model's maxLength.
  const config: TrainConfig = { ...initial, maxLength: limit ?? longestTarget([trainSet, validationSet]) };
  const steps = seq2seqSteps(config, trainSet.source.length);
  const initialStep = resumed?.checkpoint.step ?? 0;
  if (initialStep >= steps) {
    throw new CliError(`the checkpoint in '${run.out}' is at step ${initialStep}, already at --steps ${steps}`, 'give a larger --steps to train further');
  }

  const generators = trainingGenerators(config.seed);
  const modelGenerator = resumed?.modelGenerator ?? generators.model;
  let model: Seq2Seq;
  if (resumed === undefined) {
    const sizes = { sourceVocab: tokenizers.source.size, targetVocab: tokenizers.target.size, maxLength: config.maxLength!, generator: modelGenerator, dtype };
    owned.push((model = buildSeq2Seq(config, sizes)));
  } else model = resumed.model;
  const optimizer = createOptimizer(model.parameters(), config);
  owned.push(optimizer);
  const schedule = createSchedule(optimizer, config, steps);
  // The data generator's state before the current epoch's shuffle is what a checkpoint keeps.
  const epochStart = new Generator(config.seed + 1);
  if (resumed !== undefined) {
    restoreTraining(resumed.checkpoint, { optimizer, ...(schedule === undefined ? {} : { schedule }), generators: { model: modelGenerator, data: generators.data } });
    resumed.checkpoint.dispose(); // the optimizer copied the slots (disposing twice is harmless)
  }
  const batches = new PairBatches(trainSet, { batchSize: config.batch, generator: generators.data, epochStart, initialStep });
  const savedGenerators = { model: modelGenerator, data: epochStart };

  const directory = new CheckpointDirectory(run.out, { keep: config.keep });
  const reporter = createReporter(io, { json: run.json });
  owned.push(reporter);
  const extra = seq2seqCheckpointExtra(tokenizers.source, tokenizers.target, trainConfigJson(config));
  let lastCheckpoint: string | undefined;
  const save = async (step: number): Promise<void> => {
    lastCheckpoint = await directory.save({ model, optimizer, ...(schedule === undefined ? {} : { schedule }), generators: savedGenerators, step, extra });
    reporter.checkpoint(step, lastCheckpoint);
  };
  const controller = watchInterrupts(io, reporter, owned);
  const callbacks: Callback[] = [
    ...(schedule === undefined ? [] : [learningRateSchedule(schedule)]),
    reportingCallback(reporter, { initialStep, steps, logEvery: config.logEvery, tokensPerBatch: batches.tokensPerBatch }),
    checkpointEvery({ every: config.checkpointEvery, save: (context) => save(context.step) }),
  ];
  const targetTokens = (set: EncodedPairs): number => set.target.reduce((n, t) => n + t.length, 0);
  reporter.start({
    step: initialStep,
    steps,
    parameters: countParameters(model.parameters()),
    vocabSize: tokenizers.target.size + 1,
    trainTokens: targetTokens(trainSet),
    validationTokens: targetTokens(validationSet),
    resumedFrom: resumed?.path,
    config: trainConfigJson(config),
    pairs: { train: trainSet.source.length, validation: validationSet.source.length, sourceVocab: tokenizers.source.size, targetVocab: tokenizers.target.size },
  });
  const started = performance.now();
  const result = await fit({
    model,
    optimizer,
    data: batches,
    // fit's step scope frees each batch.
    loss: (batch) => {
      const { logits } = model.call(batch.source, batch.target, { sourceLengths: batch.sourceLengths, targetLengths: batch.targetLengths, samplingRate: config.samplingRate });
      return { loss: sequenceCrossEntropy(logits, batch.target, batch.targetLengths), metrics: { accuracy: tokenAccuracy(logits, batch.target, batch.targetLengths) } };
    },
    steps,
    initialStep,
    ...(config.clip > 0 ? { clipNorm: config.clip } : {}),
    // fit puts the model in eval mode around this.
    validation: { every: config.evalEvery, evaluate: () => evaluateSeq2Seq(model, validationSet) },
    callbacks,
    itemsPerBatch: (batch) => batch.targetLengths.reduce((n, l) => n + l, 0),
    signal: controller.signal,
  });
  const seconds = (performance.now() - started) / 1000;
  reporter.end({ step: result.step, seconds, stopReason: result.stopReason, checkpoint: lastCheckpoint });
  if (result.stopReason === 'aborted') throw interrupted(result.step, lastCheckpoint, run.out);
  return { step: result.step, checkpoint: lastCheckpoint, validationLoss: result.validations.at(-1)?.metrics.loss };
}

export type Seq2SeqScores = {
  /** Mean cross-entropy per target token (end tokens included), teacher-forced. */
  readonly loss: number;
  readonly bitsPerCharacter: number;
  readonly perplexity: number;
  /** Teacher-forced next-token accuracy over the target tokens. */
  readonly accuracy: number;
  /** The share of pairs whose greedy translation is exactly the target. */
  readonly exactMatch: number;
  readonly pairs: number;
  readonly tokens: number;
};

/** The scores of `model` (in eval mode) on encoded pairs; reads asynchronously, so WebGPU runs it. */
export async function evaluateSeq2Seq(model: Seq2Seq, set: EncodedPairs, batchSize = VALIDATION_BATCH): Promise<Seq2SeqScores> {
  let lossSum = 0;
  let correct = 0;
  let tokens = 0;
  let exact = 0;
  for (const indices of inOrder(set.source.length, batchSize)) {
    const batch = pairBatch(set, indices);
    try {
      const scores: Tensor[] = tidy(() => {
        const { logits } = model.call(batch.source, batch.target, { sourceLengths: batch.sourceLengths, targetLengths: batch.targetLengths });
        return [sequenceCrossEntropy(logits, batch.target, batch.targetLengths, { reduction: 'sum' }), tokenAccuracy(logits, batch.target, batch.targetLengths)];
      });
      const [sum, accuracy] = await readAll(scores).finally(() => {
        dispose(scores);
      });
      const count = batch.targetLengths.reduce((n, l) => n + l, 0);
      lossSum += sum![0]!;
      correct += Math.round(accuracy![0]! * count);
      tokens += count;
      const translations = await model.translate(batch.source, { sourceLengths: batch.sourceLengths });
      translations.forEach(([best], b) => {
        const target = set.target[indices[b]!]!;
        if (best !== undefined && best.finished && sameTokens(best.tokens, target.subarray(0, target.length - 1))) exact++;
      });
    } finally {
      dispose(batch);
    }
  }
  const loss = lossSum / tokens;
  return { loss, bitsPerCharacter: loss / Math.LN2, perplexity: Math.exp(loss), accuracy: correct / tokens, exactMatch: exact / set.source.length, pairs: set.source.length, tokens };
}

function sameTokens(a: readonly number[], b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
