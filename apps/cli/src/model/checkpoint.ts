/**
 * Opening a checkpoint written by `rnn train` for generate, eval, info, translate and --resume:
 * the model, the tokenizers and the training options all come from the one file. A checkpoint is
 * a language model (`extra.task` 'char-lm' or 'word-lm', one `tokenizer`) or a sequence-to-sequence
 * model ('seq2seq', a `sourceTokenizer` and a `targetTokenizer` whose size is the end token).
 */
import type { Generator } from '@rnn/tensor';
import { RnnError } from '@rnn/tensor';
import { LanguageModel, SafetensorsError, Seq2Seq, type JsonObject } from '@rnn/layers';
import { CheckpointError, loadCheckpointFile, resolveCheckpointPath, tokenizerFromJson, TokenizerError, type Checkpoint, type Tokenizer } from '@rnn/train';
import { CliError } from '../errors.js';
import { parseSavedTrainConfig } from '../options/resolve-train.js';
import type { TrainConfig } from '../options/train-options.js';

/** What `extra.task` says of a language model; a word-level model is the same task with another tokenizer. */
export const LM_TASKS = ['char-lm', 'word-lm'] as const;
/** What `extra.task` says of a sequence-to-sequence model. */
export const SEQ2SEQ_TASK = 'seq2seq';

/** A language-model checkpoint. */
export interface OpenedCheckpoint {
  readonly kind: 'lm';
  readonly path: string;
  readonly checkpoint: Checkpoint;
  readonly model: LanguageModel;
  readonly tokenizer: Tokenizer;
  readonly train: TrainConfig;
}

/** A sequence-to-sequence checkpoint: the end token (also the start token) is `targetTokenizer.size`. */
export interface OpenedSeq2SeqCheckpoint {
  readonly kind: 'seq2seq';
  readonly path: string;
  readonly checkpoint: Checkpoint;
  readonly model: Seq2Seq;
  readonly sourceTokenizer: Tokenizer;
  readonly targetTokenizer: Tokenizer;
  readonly train: TrainConfig;
}

export type OpenedAnyCheckpoint = OpenedCheckpoint | OpenedSeq2SeqCheckpoint;

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
 * A language-model checkpoint (generate, eval); a seq2seq one is a `CliError` pointing to
 * `rnn translate`. See {@link openAnyCheckpoint}.
 */
export async function openCheckpoint(pathOrDir: string, options: { generator?: Generator } = {}): Promise<OpenedCheckpoint> {
  const opened = await openAnyCheckpoint(pathOrDir, options);
  if (opened.kind === 'lm') return opened;
  closeCheckpoint(opened);
  throw new CliError(`checkpoint '${opened.path}' holds a sequence-to-sequence model (task seq2seq), not a language model`, 'translate with it: rnn translate <checkpoint> --input "text"');
}

/** A seq2seq checkpoint (translate); a language model is a `CliError` pointing to `rnn generate`. */
export async function openSeq2SeqCheckpoint(pathOrDir: string, options: { generator?: Generator } = {}): Promise<OpenedSeq2SeqCheckpoint> {
  const opened = await openAnyCheckpoint(pathOrDir, options);
  if (opened.kind === 'seq2seq') return opened;
  closeCheckpoint(opened);
  throw new CliError(
    `checkpoint '${opened.path}' holds a language model (task ${opened.tokenizer.kind === 'char' ? 'char-lm' : 'word-lm'}), not a sequence-to-sequence model`,
    'generate text from it with rnn generate, or translate with a checkpoint of rnn train --task seq2seq',
  );
}

/** Frees an opened checkpoint's model and optimizer slots. */
export function closeCheckpoint(opened: OpenedAnyCheckpoint): void {
  opened.checkpoint.dispose();
  opened.model.dispose();
}

/**
 * Decodes the checkpoint `pathOrDir` names. `generator` draws the model's dropout masks (its
 * state is restored by --resume). Anything that is not an `rnn train` checkpoint is a
 * `CliError` saying what the file is missing.
 */
export async function openAnyCheckpoint(pathOrDir: string, { generator }: { generator?: Generator } = {}): Promise<OpenedAnyCheckpoint> {
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
    return checkpoint.extra.task === SEQ2SEQ_TASK ? { kind: 'seq2seq', path, checkpoint, ...interpretSeq2Seq(path, checkpoint) } : { kind: 'lm', path, checkpoint, ...interpret(path, checkpoint) };
  } catch (e) {
    checkpoint.model.dispose();
    checkpoint.dispose();
    throw e;
  }
}

function interpret(path: string, checkpoint: Checkpoint): Pick<OpenedCheckpoint, 'model' | 'tokenizer' | 'train'> {
  const { model, extra } = checkpoint;
  const task = extra.task;
  if (typeof task !== 'string' || !(LM_TASKS as readonly string[]).includes(task)) {
    throw new CliError(`checkpoint '${path}' is not a model from \`rnn train\` (extra.task is ${JSON.stringify(task ?? null)})`, WRITTEN_BY_TRAIN);
  }
  if (!(model instanceof LanguageModel)) {
    throw new CliError(`checkpoint '${path}' holds a ${model.toConfig().type}, not a LanguageModel`, WRITTEN_BY_TRAIN);
  }
  const tokenizer = readTokenizer(path, extra, 'tokenizer');
  if (tokenizer.size !== model.vocabSize) {
    throw new CliError(`checkpoint '${path}' has a tokenizer of ${tokenizer.size} tokens for a model of ${model.vocabSize}`, WRITTEN_BY_TRAIN);
  }
  return { model, tokenizer, train: parseSavedTrainConfig(extra.train, `checkpoint '${path}'`) };
}

function interpretSeq2Seq(path: string, checkpoint: Checkpoint): Pick<OpenedSeq2SeqCheckpoint, 'model' | 'sourceTokenizer' | 'targetTokenizer' | 'train'> {
  const { model, extra } = checkpoint;
  if (!(model instanceof Seq2Seq)) {
    throw new CliError(`checkpoint '${path}' holds a ${model.toConfig().type}, not a Seq2Seq (its extra.task is 'seq2seq')`, WRITTEN_BY_TRAIN);
  }
  const sourceTokenizer = readTokenizer(path, extra, 'sourceTokenizer');
  const targetTokenizer = readTokenizer(path, extra, 'targetTokenizer');
  if (sourceTokenizer.size !== model.encoder.vocabSize) {
    throw new CliError(`checkpoint '${path}' has a source tokenizer of ${sourceTokenizer.size} tokens for an encoder of ${model.encoder.vocabSize}`, WRITTEN_BY_TRAIN);
  }
  if (targetTokenizer.size + 1 !== model.decoder.vocabSize || model.endToken !== targetTokenizer.size) {
    throw new CliError(
      `checkpoint '${path}' has a target tokenizer of ${targetTokenizer.size} tokens for a decoder of ${model.decoder.vocabSize} with end token ${model.endToken} (expected ${targetTokenizer.size + 1} and ${targetTokenizer.size})`,
      WRITTEN_BY_TRAIN,
    );
  }
  return { model, sourceTokenizer, targetTokenizer, train: parseSavedTrainConfig({ task: 'seq2seq', ...asRecord(extra.train) }, `checkpoint '${path}'`) };
}

const asRecord = (json: unknown): Record<string, unknown> => (typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {});

function readTokenizer(path: string, extra: JsonObject, key: 'tokenizer' | 'sourceTokenizer' | 'targetTokenizer'): Tokenizer {
  const json = extra[key];
  if (json === undefined) throw new CliError(`checkpoint '${path}' has no ${key === 'tokenizer' ? 'tokenizer' : key.replace('Tokenizer', ' tokenizer')} (extra.${key})`, WRITTEN_BY_TRAIN);
  try {
    return tokenizerFromJson(json);
  } catch (e) {
    if (e instanceof TokenizerError) throw new CliError(`checkpoint '${path}' has a malformed ${key} (${e.message})`, WRITTEN_BY_TRAIN);
    throw e;
  }
}

/** What `rnn train` stores in a language model checkpoint's `extra`. */
export function checkpointExtra(tokenizer: Tokenizer, train: Readonly<Record<string, string | number | boolean>>): JsonObject {
  return { task: tokenizer.kind === 'char' ? 'char-lm' : 'word-lm', tokenizer: tokenizer.toJSON() as unknown as JsonObject, train: { ...train } };
}

/** What `rnn train --task seq2seq` stores in a checkpoint's `extra`. */
export function seq2seqCheckpointExtra(sourceTokenizer: Tokenizer, targetTokenizer: Tokenizer, train: Readonly<Record<string, string | number | boolean>>): JsonObject {
  return {
    task: SEQ2SEQ_TASK,
    sourceTokenizer: sourceTokenizer.toJSON() as unknown as JsonObject,
    targetTokenizer: targetTokenizer.toJSON() as unknown as JsonObject,
    train: { ...train },
  };
}
