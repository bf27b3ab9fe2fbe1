/**
 * Opening a checkpoint file: one the playground saved (`extra.playground` holds its settings) or
 * a char-LM from `rnn train` (its `extra.train` maps back to settings). Everything is checked
 * before the caller swaps anything in; a file that does not fit is a {@link CheckpointFileError}
 * naming what is wrong, and nothing it decoded is left allocated.
 */
import { RnnError, type Generator } from '@rnn/tensor';
import { SafetensorsError, type JsonObject } from '@rnn/layers';
import { decodeCheckpoint, tokenizerFromJson, type Checkpoint, type Tokenizer } from '@rnn/train';
import { parseSettings, ProtocolError } from '../protocol/parse.js';
import type { BackendName, Settings } from '../settings.js';
import { settingsFromCliTrain } from './cli-train-config.js';
import { CheckpointFileError } from './errors.js';

export interface OpenedCheckpoint {
  /** The rebuilt model is the caller's; `checkpoint.dispose()` frees the optimizer slots. */
  readonly checkpoint: Checkpoint;
  /** With `backend` set to the one running now: opening a file does not change hardware. */
  readonly settings: Settings;
  /** char-lm: the saved vocabulary. */
  readonly tokenizer: Tokenizer | undefined;
}

export interface OpenOptions {
  readonly backend: BackendName;
  /** Draws the rebuilt model's dropout masks (restore its saved state with `restoreTraining`). */
  readonly generator: Generator;
}

export function openCheckpoint(bytes: Uint8Array, fileName: string, { backend, generator }: OpenOptions): OpenedCheckpoint {
  let checkpoint: Checkpoint;
  try {
    checkpoint = decodeCheckpoint(bytes, { generator });
  } catch (e) {
    if (e instanceof SafetensorsError) throw new CheckpointFileError(fileName, `is not a checkpoint (not a safetensors file: ${e.message})`, { cause: e });
    if (e instanceof RnnError) throw new CheckpointFileError(fileName, `is not a checkpoint the playground can use (${e.message})`, { cause: e });
    throw e;
  }
  try {
    const settings = readSettings(fileName, checkpoint.extra, backend);
    const tokenizer = settings.task.name === 'char-lm' ? readTokenizer(fileName, checkpoint.extra) : undefined;
    return { checkpoint, settings, tokenizer };
  } catch (e) {
    checkpoint.model.dispose();
    checkpoint.dispose();
    throw e;
  }
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readSettings(fileName: string, extra: JsonObject, backend: BackendName): Settings {
  const task = extra.task;
  let settings: Settings;
  try {
    if (extra.playground !== undefined) settings = parseSettings(isRecord(extra.playground) ? { ...extra.playground, backend } : extra.playground, 'extra.playground');
    else if (task === 'char-lm' && isRecord(extra.train)) settings = parseSettings(settingsFromCliTrain(extra.train, backend), 'the settings from extra.train');
    else {
      throw new CheckpointFileError(
        fileName,
        `is neither a playground model nor a char-LM from \`rnn train\` (extra.task is ${JSON.stringify(task ?? null)}${task === 'char-lm' ? ' without extra.train' : ''})`,
      );
    }
  } catch (e) {
    if (e instanceof ProtocolError) throw new CheckpointFileError(fileName, `has settings the playground cannot use: ${e.message}`, { cause: e });
    throw e;
  }
  if (task !== settings.task.name) throw new CheckpointFileError(fileName, `says extra.task is ${JSON.stringify(task ?? null)} but its settings are for ${settings.task.name}`);
  return settings;
}

function readTokenizer(fileName: string, extra: JsonObject): Tokenizer {
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromJson(extra.tokenizer);
  } catch (e) {
    if (e instanceof RnnError) throw new CheckpointFileError(fileName, `has no usable vocabulary (extra.tokenizer: ${e.message})`, { cause: e });
    throw e;
  }
  if (tokenizer.kind !== 'char') throw new CheckpointFileError(fileName, `has a ${tokenizer.kind} vocabulary; the playground's language model reads characters`);
  return tokenizer;
}
