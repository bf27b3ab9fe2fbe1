/** The task `settings.task.name` names. */
import type { Tokenizer } from '@rnn/train';
import type { Settings } from '../settings.js';
import { AddingTask } from './adding.js';
import { CharLmTask } from './char-lm.js';
import { TaskError } from './errors.js';
import { ParityTask } from './parity.js';
import { SineTask } from './sine.js';
import type { Task } from './task.js';

export interface TaskSources {
  /** char-lm: the training text (`settings.task.text`, or the bundled corpus). */
  readonly text?: string;
  /** char-lm: a loaded model's vocabulary, instead of the text's own characters. */
  readonly tokenizer?: Tokenizer;
}

export function createTask(settings: Settings, { text, tokenizer }: TaskSources = {}): Task {
  switch (settings.task.name) {
    case 'char-lm':
      if (text === undefined) throw new TaskError('char-lm needs its training text');
      return new CharLmTask(settings, text, tokenizer);
    case 'adding':
      return new AddingTask(settings);
    case 'sine':
      return new SineTask(settings);
    case 'parity':
      return new ParityTask(settings);
  }
}
