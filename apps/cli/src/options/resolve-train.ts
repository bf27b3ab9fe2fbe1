/**
 * From commander's parsed values (flags, then the config file, then defaults) to one
 * `TrainConfig`, and the rules of a resumed run: it continues the saved configuration, and a
 * flag may change only what leaves the model and the data order alone (steps, logging, …).
 */
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { CliError } from '../errors.js';
import { applyConfigFile, lowerFirst } from './config-file.js';
import { defaultOf, flagOf, parseJsonValue, TRAIN_OPTIONS, type RunOptions, type TrainConfig, type TrainKey } from './train-options.js';

export interface ResolvedTrainOptions {
  /** The configuration from flags, config file and defaults (a resumed run replaces the unset keys). */
  readonly config: TrainConfig;
  readonly run: RunOptions;
  /** Keys set by a flag or the config file, as opposed to defaults. */
  readonly explicit: ReadonlySet<TrainKey>;
}

export function resolveTrainOptions(command: Command): ResolvedTrainOptions {
  const configPath = command.getOptionValue('config') as string | undefined;
  if (configPath !== undefined) applyConfigFile(command, configPath);
  const values = command.opts();
  const explicit = new Set<TrainKey>();
  for (const { key } of TRAIN_OPTIONS) {
    const source = command.getOptionValueSource(key);
    if (source === 'cli' || source === 'config') explicit.add(key);
  }
  const config: Record<string, unknown> = Object.fromEntries(TRAIN_OPTIONS.map((spec) => [spec.key, values[spec.key] ?? defaultOf(spec)]));
  // Saved absolute, so --resume and `rnn info` work from any folder.
  if (typeof config.data === 'string') config.data = resolve(config.data);
  if (typeof config.valData === 'string') config.valData = resolve(config.valData);
  if (explicit.has('steps') && explicit.has('epochs') && values.resume !== true) {
    throw new CliError('--steps and --epochs both set how long to train', 'give one of them');
  }
  const run: RunOptions = {
    out: values.out as string,
    resume: values.resume === true,
    json: values.json === true,
    config: configPath,
  };
  return { config: config as unknown as TrainConfig, run, explicit };
}

/**
 * The configuration of a resumed run: the saved one, with the explicitly given keys that a
 * resumed run may change. Any other explicit key must equal the saved value.
 */
export function resumedConfig(saved: TrainConfig, current: ResolvedTrainOptions): TrainConfig {
  const merged: Record<string, unknown> = { ...saved };
  for (const key of current.explicit) {
    const spec = TRAIN_OPTIONS.find((o) => o.key === key)!;
    const value = current.config[key];
    // An option of the other task is refused by checkTaskOptions, with the reason.
    if (spec.task !== undefined && spec.task !== saved.task) merged[key] = value;
    else if (spec.resumable === true) merged[key] = value;
    else if (value !== saved[key]) {
      throw new CliError(
        `${flagOf(key)} ${String(value)} differs from the checkpoint's ${String(saved[key])}`,
        'drop it to resume, or train into a new --out directory',
      );
    }
  }
  // --steps given on the command line replaces the saved --epochs and the other way round.
  if (current.explicit.has('steps') && !current.explicit.has('epochs')) merged.epochs = undefined;
  return merged as unknown as TrainConfig;
}

/**
 * Reads the training config saved in a checkpoint, checking every value with the flag's own
 * parser; keys missing from an older checkpoint take today's defaults.
 */
export function parseSavedTrainConfig(json: unknown, where: string): TrainConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError(`${where} has no training configuration`, 'it was not written by `rnn train`');
  }
  const record = json as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const spec of TRAIN_OPTIONS) {
    const value = record[spec.key];
    try {
      config[spec.key] = value === undefined || value === null ? defaultOf(spec) : parseJsonValue(spec, value);
    } catch (e) {
      if (e instanceof CommanderError) throw new CliError(`${where}: saved option '${spec.key}' is invalid: ${lowerFirst(e.message)}`, 'the checkpoint is damaged or from another tool');
      throw e;
    }
  }
  return config as unknown as TrainConfig;
}

/** The saved form of a config: JSON (undefined values and the other task's options dropped). */
export function trainConfigJson(config: TrainConfig): Record<string, string | number | boolean> {
  const json: Record<string, string | number | boolean> = {};
  for (const { key, task } of TRAIN_OPTIONS) {
    const value = config[key];
    if (value !== undefined && (task === undefined || task === config.task)) json[key] = value;
  }
  return json;
}

/**
 * Refuses an option given (by flag or config file) that the run's task does not use, so a
 * `--attention` on a language model, or a `--seq-len` on a seq2seq run, never goes unnoticed.
 */
export function checkTaskOptions(config: TrainConfig, explicit: ReadonlySet<TrainKey>): void {
  for (const spec of TRAIN_OPTIONS) {
    if (spec.task === undefined || spec.task === config.task || !explicit.has(spec.key)) continue;
    const fix = config.task === 'lm' ? `add --task ${spec.task}, or drop ${flagOf(spec.key)}` : `drop ${flagOf(spec.key)}`;
    const why = WHY_NOT[spec.key];
    throw new CliError(`${flagOf(spec.key)} applies to --task ${spec.task} only, not --task ${config.task}${why === undefined ? '' : ` (${why})`}`, fix);
  }
  if (config.task === 'seq2seq' && config.valData !== undefined && explicit.has('valFraction')) {
    throw new CliError('--val-data and --val-fraction both set the validation pairs', 'give one of them');
  }
}

/** Why a language-model option means nothing to a seq2seq run. */
const WHY_NOT: Partial<Record<TrainKey, string>> = {
  tokenizer: 'seq2seq models are character-level',
  seqLen: 'seq2seq batches hold whole pairs; --max-length bounds the targets',
};
