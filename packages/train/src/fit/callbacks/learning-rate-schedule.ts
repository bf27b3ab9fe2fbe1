/** A callback that advances a learning-rate schedule as training goes. */
import { ArgumentError } from '@rnn/tensor';
import { ReduceLROnPlateau } from '../../schedules/reduce-lr-on-plateau.js';
import type { Callback } from '../types.js';

/** Anything stepped once per optimizer step (StepLR, ExponentialLR, CosineWithWarmup, …). */
export interface SteppedSchedule {
  step(): void;
}

export interface LearningRateScheduleOptions {
  /** For ReduceLROnPlateau: the validation metric it watches (default 'loss'). */
  readonly monitor?: string;
}

/**
 * Steps `schedule` after every optimizer step, or — for `ReduceLROnPlateau` — after every
 * validation with the monitored metric, as PyTorch's loops do.
 */
export function learningRateSchedule(schedule: SteppedSchedule | ReduceLROnPlateau, { monitor = 'loss' }: LearningRateScheduleOptions = {}): Callback {
  if (schedule instanceof ReduceLROnPlateau) {
    return {
      onValidationEnd(logs) {
        const value = logs.metrics[monitor];
        if (value === undefined) throw new ArgumentError('learningRateSchedule', 'monitor', `'${monitor}' is not a validation metric`);
        schedule.step(value);
      },
    };
  }
  return {
    onStepEnd() {
      schedule.step();
    },
  };
}
