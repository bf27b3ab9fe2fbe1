/**
 * A playground model as a checkpoint file, in the CLI's format (@rnn/train `encodeCheckpoint`):
 * the model, the optimizer, the random streams and the step, plus `extra.playground` (the
 * settings, to restore the form). A char-LM's `extra` is also exactly what `rnn train` writes —
 * task, tokenizer, train — so `rnn generate model.safetensors` works on it.
 */
import type { Generator } from '@rnn/tensor';
import type { JsonObject, Module } from '@rnn/layers';
import { encodeCheckpoint, type Optimizer } from '@rnn/train';
import type { Settings } from '../settings.js';
import { CharLmTask } from '../tasks/char-lm.js';
import type { Task } from '../tasks/task.js';
import { cliTrainConfig } from './cli-train-config.js';

export interface SavedRun {
  readonly settings: Settings;
  readonly task: Task;
  readonly model: Module;
  readonly optimizer: Optimizer;
  /** `model`: weights and dropout; `data`: training batches (the CLI's names). */
  readonly generators: { readonly model: Generator; readonly data: Generator };
  readonly step: number;
}

export async function saveCheckpoint(run: SavedRun): Promise<{ bytes: Uint8Array; fileName: string }> {
  const { settings, task, model, optimizer, generators, step } = run;
  const bytes = await encodeCheckpoint({ model, optimizer, generators, step, extra: checkpointExtra(settings, task, step) });
  return { bytes, fileName: `${settings.task.name}-${settings.model.cell}-step-${step}.safetensors` };
}

/** What `rnn train`'s `checkpointExtra` writes for a char-LM, and the playground's settings. */
export function checkpointExtra(settings: Settings, task: Task, step: number): JsonObject {
  const playground = settings as unknown as JsonObject;
  if (!(task instanceof CharLmTask)) return { task: task.name, playground };
  return { task: 'char-lm', tokenizer: task.tokenizer.toJSON() as unknown as JsonObject, train: { ...cliTrainConfig(settings, step) }, playground };
}
