/**
 * Opening a checkpoint written by `rnn train` for generate, eval, info and --resume: the model,
 * the tokenizer and the training options all come from the one file.
 */
import type { Generator } from '@rnn/tensor';
import { RnnError } from '@rnn/tensor';
import { LanguageModel, SafetensorsError, type JsonObject } from '@rnn/layers';
import { CheckpointError, loadCheckpointFile, resolveCheckpointPath, tokenizerFromJson, TokenizerError, type Checkpoint, type Tokenizer } from '@rnn/train';
import { CliError } from '../errors.js';
import { parseSavedTrainConfig } from '../options/resolve-train.js';
import type { TrainConfig } from '../options/train-options.js';

/** What `extra.task` says; a word-level model is the same task with another tokenizer. */
export const TASKS = ['char-lm', 'word-lm'] as const;

export interface OpenedCheckpoint {
  readonly path: string;
  readonly checkpoint: Checkpoint;
  readonly model: LanguageModel;
  readonly tokenizer: Tokenizer;
  readonly train: TrainConfig;
}

const WRITTEN_BY_TRAIN = 'give a checkpoint written by `rnn train` (checkpoint-<step>.safetensors) or its --out directory';

/** The file a path names (a directory gives its latest checkpoint); a missing one is one line. */
export async function checkpointPath(pathOrDir: string): Promise<string> {
  try {
    return await resolveCheckpointPath(pathOrDir);
  } catch (e) {
    if (e instanceof CheckpointError) throw new CliError(`checkpoint ${e.detail.replace(/ — /, '; ')}`);
    throw e;
  }
}

/**
 * Decodes the checkpoint `pathOrDir` names. `generator` draws the model's dropout masks (its
 * state is restored by --resume). Anything that is not an `rnn train` checkpoint is a
 * `CliError` saying what the file is missing.
 */
export async function openCheckpoint(pathOrDir: string, { generator }: { generator?: Generator } = {}): Promise<OpenedCheckpoint> {
  const path = await checkpointPath(pathOrDir);
  let checkpoint: Checkpoint;
  try {
    checkpoint = await loadCheckpointFile(path, generator === undefined ? {} : { generator });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM') throw new CliError(`cannot read checkpoint '${path}': ${(e as Error).message}`);
    if (e instanceof SafetensorsError) throw new CliError(`'${path}' is not a checkpoint (not a safetensors file)`, WRITTEN_BY_TRAIN);
    if (e instanceof RnnError) throw new CliError(`'${path}' is not a checkpoint rnn can use (${e.message})`, WRITTEN_BY_TRAIN);
    throw e;
  }
  try {
    return { path, checkpoint, ...interpret(path, checkpoint) };
  } catch (e) {
    checkpoint.model.dispose();
    checkpoint.dispose();
    throw e;
  }
}

function interpret(path: string, checkpoint: Checkpoint): Pick<OpenedCheckpoint, 'model' | 'tokenizer' | 'train'> {
  const { model, extra } = checkpoint;
  const task = extra.task;
  if (typeof task !== 'string' || !(TASKS as readonly string[]).includes(task)) {
    throw new CliError(`checkpoint '${path}' is not a language model from \`rnn train\` (extra.task is ${JSON.stringify(task ?? null)})`, WRITTEN_BY_TRAIN);
  }
  if (!(model instanceof LanguageModel)) {
    throw new CliError(`checkpoint '${path}' holds a ${model.toConfig().type}, not a LanguageModel`, WRITTEN_BY_TRAIN);
  }
  if (extra.tokenizer === undefined) throw new CliError(`checkpoint '${path}' has no tokenizer (extra.tokenizer)`, WRITTEN_BY_TRAIN);
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromJson(extra.tokenizer);
  } catch (e) {
    if (e instanceof TokenizerError) throw new CliError(`checkpoint '${path}' has a malformed tokenizer (${e.message})`, WRITTEN_BY_TRAIN);
    throw e;
  }
  if (tokenizer.size !== model.vocabSize) {
    throw new CliError(`checkpoint '${path}' has a tokenizer of ${tokenizer.size} tokens for a model of ${model.vocabSize}`, WRITTEN_BY_TRAIN);
  }
  return { model, tokenizer, train: parseSavedTrainConfig(extra.train, `checkpoint '${path}'`) };
}

/** What `rnn train` stores in a checkpoint's `extra`. */
export function checkpointExtra(tokenizer: Tokenizer, train: Readonly<Record<string, string | number | boolean>>): JsonObject {
  return { task: tokenizer.kind === 'char' ? 'char-lm' : 'word-lm', tokenizer: tokenizer.toJSON() as unknown as JsonObject, train: { ...train } };
}
