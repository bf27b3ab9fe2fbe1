/**
 * The playground's settings in the words of `rnn train` (apps/cli/src/options/train-options.ts):
 * a char-LM checkpoint carries them as `extra.train`, so `rnn generate`, `rnn info` and
 * `rnn train --resume` read a playground model as one of their own — and back, so a model
 * trained by the CLI opens in the playground.
 */
import { OPTIMIZER_NAMES, type BackendName, type OptimizerName, type Settings } from '../settings.js';

/** The bundled corpus's path in the repository. */
export const BUNDLED_CORPUS = 'data/tinyshakespeare.txt';
/** What `data` says of a text pasted or uploaded into the page, which the checkpoint does not hold. */
export const OWN_TEXT = '(text given to the playground)';

/** A saved `rnn train` config: its option keys (camelCase) and JSON values. */
export type CliTrainConfig = Readonly<Record<string, string | number | boolean>>;

/**
 * Every `rnn train` key a language-model run saves (seq2seq-only keys and unset ones are left
 * out, as the CLI's `trainConfigJson` does), with the CLI's defaults for what the playground has
 * no setting for. `steps`, the CLI's total, is the step reached. `data` names the bundled corpus
 * by its path in the repository (so `rnn train --resume` from the root finds it), or says the
 * text was the person's own.
 */
export function cliTrainConfig(settings: Settings, step: number): CliTrainConfig {
  const { task, model, training } = settings;
  return {
    task: 'lm',
    data: task.text === null ? BUNDLED_CORPUS : OWN_TEXT,
    tokenizer: 'char',
    valFraction: 0.1,
    cell: model.cell,
    peephole: false,
    layers: model.layers,
    hidden: model.hidden,
    projSize: 0,
    embedding: 0,
    bidirectional: false,
    dropout: model.dropout,
    optimizer: training.optimizer,
    lr: training.learningRate,
    momentum: 0,
    schedule: 'none',
    warmup: 0,
    gamma: 0.5,
    stepSize: 500,
    minLr: 0,
    clip: training.clip,
    seqLen: task.seqLen,
    batch: training.batchSize,
    steps: Math.max(step, 1),
    evalEvery: 100,
    logEvery: 100,
    checkpointEvery: 500,
    keep: 3,
    seed: training.seed,
    backend: settings.backend,
    threads: 'auto',
  };
}

/**
 * The settings of a CLI checkpoint's `extra.train`, with `rnn train`'s defaults for missing keys.
 * The text is the bundled corpus (the CLI's `data` is a path on another machine), the backend the
 * one running now, and an optimizer the playground lacks (adagrad, adamw) becomes Adam. The
 * result is unchecked: the caller runs it through `parseSettings`.
 */
export function settingsFromCliTrain(train: Readonly<Record<string, unknown>>, backend: BackendName): unknown {
  const optimizer = (OPTIMIZER_NAMES as readonly unknown[]).includes(train.optimizer ?? 'adam') ? ((train.optimizer ?? 'adam') as OptimizerName) : 'adam';
  return {
    task: { name: 'char-lm', text: null, seqLen: train.seqLen ?? 50 },
    model: {
      cell: train.peephole === true && train.cell === 'lstm' ? 'peephole-lstm' : (train.cell ?? 'lstm'),
      layers: train.layers ?? 2,
      hidden: train.hidden ?? 128,
      blockSize: 1,
      bidirectional: train.bidirectional ?? false,
      dropout: train.dropout ?? 0,
    },
    training: { optimizer, learningRate: train.lr ?? 2e-3, clip: train.clip ?? 5, batchSize: train.batch ?? 50, seed: train.seed ?? 1 },
    backend,
  };
}
