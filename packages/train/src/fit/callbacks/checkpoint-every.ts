/** A callback that saves (with any function the caller gives) every few steps and at the end. */
import { ArgumentError } from '@rnn/tensor';
import type { Callback, TrainingContext } from '../types.js';

export interface CheckpointEveryOptions {
  /** Save every `every` steps. */
  readonly every: number;
  /** Writes the checkpoint, e.g. `(context) => directory.save({ model, optimizer, step: context.step })`. */
  readonly save: (context: TrainingContext) => unknown;
  /** Also save when training ends, unless the last step was just saved (default true). */
  readonly atEnd?: boolean;
}

export function checkpointEvery({ every, save, atEnd = true }: CheckpointEveryOptions): Callback {
  if (!(Number.isInteger(every) && every > 0)) throw new ArgumentError('checkpointEvery', 'every', `must be a positive integer, got ${every}`);
  let savedStep = -1;
  const saveAt = async (context: TrainingContext): Promise<void> => {
    await save(context);
    savedStep = context.step;
  };
  return {
    async onStepEnd(logs, context) {
      if (logs.step % every === 0) await saveAt(context);
    },
    async onTrainEnd(_result, context) {
      if (atEnd && savedStep !== context.step) await saveAt(context);
    },
  };
}
