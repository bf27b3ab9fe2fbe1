/**
 * `rnn train`: a character-level (or word-level) language model on a text file, as the
 * reference char-LM trains it — random contiguous chunks, one-hot input, cross-entropy, Adam,
 * global-norm clipping — with checkpoints that hold everything needed to resume bit-exactly.
 * `--task seq2seq` trains an encoder-decoder instead (train-seq2seq.ts); both resume here.
 */
import { Generator, type Variable } from '@rnn/tensor';
import type { LanguageModel } from '@rnn/layers';
import {
  CheckpointDirectory,
  checkpointEvery,
  crossEntropy,
  evaluateLanguageModel,
  fit,
  learningRateSchedule,
  RandomChunkSampler,
  restoreTraining,
  type Callback,
} from '@rnn/train';
import type { Command } from 'commander';
import { CliError, EXIT_INTERRUPTED, InterruptedError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadCorpus } from '../data/corpus.js';
import { buildLanguageModel, checkModelOptions } from '../model/build-model.js';
import { checkpointExtra, openAnyCheckpoint, type OpenedAnyCheckpoint } from '../model/checkpoint.js';
import { checkOptimizerOptions, createOptimizer, createSchedule } from '../model/training.js';
import { selectBackend } from '../options/backend.js';
import { checkTaskOptions, resolveTrainOptions, resumedConfig, trainConfigJson, type ResolvedTrainOptions } from '../options/resolve-train.js';
import { addTrainOptions, type RunOptions, type TrainConfig } from '../options/train-options.js';
import { createReporter, type TrainReporter } from '../output/reporter.js';
import { reportingCallback } from '../output/train-callback.js';
import { trainSeq2Seq } from './train-seq2seq.js';

/** Validation batches hold this many chunks, as the reference evaluates. */
const VALIDATION_BATCH = 256;

export interface TrainResult {
  /** The step reached and the checkpoint saved last. */
  readonly step: number;
  readonly checkpoint: string | undefined;
  readonly validationLoss: number | undefined;
}

/**
 * The model's weights and dropout masks draw from `seed`, the batch offsets from `seed + 1`, as
 * in examples/src/char-lm, so `rnn train` and that example give the same run for the same seed.
 */
export function trainingGenerators(seed: number): { model: Generator; data: Generator } {
  return { model: new Generator(seed), data: new Generator(seed + 1) };
}

/** The steps a run trains for: `--steps`, or `--epochs` passes over the training tokens. */
export function totalSteps(config: TrainConfig, trainTokens: number): number {
  if (config.epochs === undefined) return config.steps;
  return Math.max(1, Math.ceil((config.epochs * trainTokens) / (config.seqLen * config.batch)));
}

export async function train(options: ResolvedTrainOptions, io: CliIo): Promise<TrainResult> {
  const { run } = options;
  const found = new CheckpointDirectory(run.out);
  // Everything allocated here, freed in reverse order however training ends.
  const owned: { dispose(): void }[] = [];
  try {
    let config = options.config;
    let resumed: Resumed | undefined;
    if (run.resume) {
      const latest = await found.latest();
      if (latest === undefined) throw new CliError(`--resume: '${run.out}' has no checkpoint to resume from`, 'train without --resume first, or point --out at that run');
      await selectBackend(config.backend, config.threads);
      // The rebuilt model's dropout layers draw from this generator; restoreTraining sets its saved state.
      const modelGenerator = new Generator(0);
      const opened = await openAnyCheckpoint(latest, { generator: modelGenerator });
      owned.push(opened.model, opened.checkpoint);
      resumed = { ...opened, modelGenerator };
      config = resumedConfig(opened.train, options);
    } else {
      // A second run in the same folder would interleave its checkpoints with the first's, and
      // --resume would then pick whichever has the higher step.
      const existing = await found.latest();
      if (existing !== undefined) {
        throw new CliError(`--out '${run.out}' already holds a training run (${existing})`, 'continue it with --resume, or choose another --out');
      }
    }
    checkTaskOptions(config, options.explicit);
    if (resumed?.kind === 'seq2seq' || (resumed === undefined && config.task === 'seq2seq')) {
      return await trainSeq2Seq(config, { run, resumed: resumed?.kind === 'seq2seq' ? resumed : undefined, owned }, io);
    }
    return await trainLanguageModel(config, { run, resumed: resumed?.kind === 'lm' ? resumed : undefined, owned }, io);
  } finally {
    for (const o of owned.reverse()) o.dispose();
  }
}

/** A checkpoint reopened by --resume, with the generator its model's dropout draws from. */
export type Resumed = OpenedAnyCheckpoint & { readonly modelGenerator: Generator };

/** What `train` hands the task's own loop: resources go in `owned`, which `train` frees. */
export interface TaskRun<R extends Resumed> {
  readonly run: RunOptions;
  readonly resumed: (R & { readonly modelGenerator: Generator }) | undefined;
  readonly owned: { dispose(): void }[];
}

async function trainLanguageModel(config: TrainConfig, { run, resumed, owned }: TaskRun<Extract<Resumed, { kind: 'lm' }>>, io: CliIo): Promise<TrainResult> {
  const data = config.data;
  if (data === undefined) throw new CliError('missing --data <file>', 'give the text to train on, e.g. rnn train --data input.txt');
  const { dtype, note } = await selectBackend(config.backend, config.threads);
  if (note !== null) io.stderr.write(`rnn train: ${note}\n`);
  checkModelOptions(config);
  checkOptimizerOptions(config);
  const { tokenizer, train: trainIds, validation } = loadCorpus(data, {
    tokenizer: resumed?.tokenizer ?? config.tokenizer,
    valFraction: config.valFraction,
    seqLen: config.seqLen,
  });
  const steps = totalSteps(config, trainIds.length);
  const initialStep = resumed?.checkpoint.step ?? 0;
  if (initialStep >= steps) {
    throw new CliError(`the checkpoint in '${run.out}' is at step ${initialStep}, already at --steps ${steps}`, 'give a larger --steps to train further');
  }

  const generators = trainingGenerators(config.seed);
  const modelGenerator = resumed?.modelGenerator ?? generators.model;
  let model: LanguageModel;
  if (resumed === undefined) owned.push((model = buildLanguageModel(config, { vocabSize: tokenizer.size, generator: modelGenerator, dtype })));
  else model = resumed.model;
  const optimizer = createOptimizer(model.parameters(), config);
  owned.push(optimizer);
  const schedule = createSchedule(optimizer, config, steps);
  const allGenerators = { model: modelGenerator, data: generators.data };
  if (resumed !== undefined) {
    restoreTraining(resumed.checkpoint, { optimizer, ...(schedule === undefined ? {} : { schedule }), generators: allGenerators });
    resumed.checkpoint.dispose(); // the optimizer copied the slots (disposing twice is harmless)
  }

  const directory = new CheckpointDirectory(run.out, { keep: config.keep });
  const sampler = new RandomChunkSampler(trainIds, { seqLen: config.seqLen, batchSize: config.batch, generator: generators.data });
  const reporter = createReporter(io, { json: run.json });
  owned.push(reporter);
  const extra = checkpointExtra(tokenizer, trainConfigJson(config));
  let lastCheckpoint: string | undefined;
  const save = async (step: number): Promise<void> => {
    lastCheckpoint = await directory.save({ model, optimizer, ...(schedule === undefined ? {} : { schedule }), generators: allGenerators, step, extra });
    reporter.checkpoint(step, lastCheckpoint);
  };

  const controller = watchInterrupts(io, reporter, owned);

  const callbacks: Callback[] = [
    // The schedule moves before the checkpoint is written, so a saved step N resumes at step N + 1's rate.
    ...(schedule === undefined ? [] : [learningRateSchedule(schedule)]),
    reportingCallback(reporter, { initialStep, steps, logEvery: config.logEvery, tokensPerBatch: sampler.tokensPerBatch }),
    checkpointEvery({ every: config.checkpointEvery, save: (context) => save(context.step) }),
  ];
  reporter.start({
    step: initialStep,
    steps,
    parameters: countParameters(model.parameters()),
    vocabSize: tokenizer.size,
    trainTokens: trainIds.length,
    validationTokens: validation.length,
    resumedFrom: resumed?.path,
    config: trainConfigJson(config),
  });
  const started = performance.now();
  const result = await fit({
    model,
    optimizer,
    data: sampler,
    // fit's step scope frees each batch.
    loss: (batch) => crossEntropy(model.forward(batch.x), batch.y),
    steps,
    initialStep,
    ...(config.clip > 0 ? { clipNorm: config.clip } : {}),
    validation: {
      every: config.evalEvery,
      // fit puts the model in eval mode around this.
      evaluate: async () => {
        const { loss, bitsPerCharacter, perplexity, accuracy } = await evaluateLanguageModel(model, validation, { seqLen: config.seqLen, batchSize: VALIDATION_BATCH });
        return { loss, bitsPerCharacter, perplexity, accuracy };
      },
    },
    callbacks,
    itemsPerBatch: () => sampler.tokensPerBatch,
    signal: controller.signal,
  });
  const seconds = (performance.now() - started) / 1000;
  reporter.end({ step: result.step, seconds, stopReason: result.stopReason, checkpoint: lastCheckpoint });
  if (result.stopReason === 'aborted') throw interrupted(result.step, lastCheckpoint, run.out);
  return { step: result.step, checkpoint: lastCheckpoint, validationLoss: result.validations.at(-1)?.metrics.loss };
}

/**
 * Ctrl-C aborts the returned controller's signal (fit then finishes the step, and the caller
 * saves a checkpoint); a second Ctrl-C quits at once. The handler is removed through `owned`.
 */
export function watchInterrupts(io: CliIo, reporter: TrainReporter, owned: { dispose(): void }[]): AbortController {
  const controller = new AbortController();
  owned.push({
    dispose: io.onInterrupt(() => {
      if (controller.signal.aborted) {
        // Checkpoints are written atomically, so quitting mid-save leaves the previous one whole.
        reporter.dispose();
        io.stderr.write('rnn: interrupted again: quitting without saving\n');
        io.exit?.(EXIT_INTERRUPTED);
        return;
      }
      reporter.notice('interrupted: finishing this step, then saving a checkpoint (Ctrl-C again to quit without saving)');
      controller.abort();
    }),
  });
  return controller;
}

/** What a run stopped by Ctrl-C ends with: where its checkpoint is and how to continue. */
export function interrupted(step: number, checkpoint: string | undefined, out: string): InterruptedError {
  return new InterruptedError(`interrupted at step ${step}; saved checkpoint ${checkpoint ?? '(none)'}; continue with: rnn train --resume --out ${out}`, checkpoint);
}

export function countParameters(parameters: readonly Variable[]): number {
  return parameters.reduce((n, p) => n + p.size, 0);
}

export function trainCommand(command: Command, io: CliIo): Command {
  return addTrainOptions(
    command
      .command('train')
      .description('train a language model on a text file, or (--task seq2seq) a sequence-to-sequence model on source<TAB>target pairs')
      .addHelpText(
        'after',
        '\nExamples:\n  rnn train --data input.txt --out runs/shakespeare\n  rnn train --config run.json --steps 5000\n  rnn train --resume --out runs/shakespeare --steps 4000\n' +
          '  rnn train --task seq2seq --data pairs.tsv --attention bahdanau --out runs/reverse',
      ),
  ).action(async (_options: unknown, self: Command) => {
    await train(resolveTrainOptions(self), io);
  });
}
