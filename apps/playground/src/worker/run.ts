/**
 * Everything one training run is made of — settings, task, model, optimizer, random streams,
 * step — built together and replaced together, so a failed `configure`, `reset` or `load`
 * leaves the previous run untouched.
 */
import type { Generator } from '@rnn/tensor';
import type { Module } from '@rnn/layers';
import type { Optimizer, Tokenizer } from '@rnn/train';
import { createOptimizer } from '../model/create-optimizer.js';
import type { Settings } from '../settings.js';
import { createTask } from '../tasks/create-task.js';
import { modelGenerator } from '../tasks/generators.js';
import type { Task } from '../tasks/task.js';

export interface Run {
  readonly settings: Settings;
  readonly task: Task;
  readonly model: Module;
  readonly optimizer: Optimizer;
  /** The CLI's names: `model` draws weights and dropout, `data` the training batches. */
  readonly generators: { readonly model: Generator; readonly data: Generator };
  step: number;
  /** The step of the last `validation` event (−1: none yet). */
  validatedStep: number;
}

export interface RunSources {
  /** char-lm: the training text. */
  readonly text: string | undefined;
  /** char-lm: the vocabulary of a loaded model. */
  readonly tokenizer?: Tokenizer;
  /** A loaded model and the generator its dropout draws from; default: a fresh one. */
  readonly model?: { readonly module: Module; readonly generator: Generator };
}

/** A run at step 0; a loaded model is checked against the task (a misfit is a ModelError). */
export function buildRun(settings: Settings, { text, tokenizer, model }: RunSources): Run {
  const task = createTask(settings, { ...(text === undefined ? {} : { text }), ...(tokenizer === undefined ? {} : { tokenizer }) });
  const generator = model?.generator ?? modelGenerator(settings.training.seed);
  const module = model?.module ?? task.buildModel(settings.model, generator);
  try {
    task.recurrentOf(module);
    const optimizer = createOptimizer(module.parameters(), settings.training);
    return { settings, task, model: module, optimizer, generators: { model: generator, data: task.dataGenerator }, step: 0, validatedStep: -1 };
  } catch (e) {
    // A loaded model stays the caller's to free.
    if (model === undefined) module.dispose();
    throw e;
  }
}

export function disposeRun(run: Run): void {
  run.optimizer.dispose();
  run.model.dispose();
}
