/** Keras's `EarlyStopping`: stop when a validation metric stops improving. */
import { ArgumentError } from '@rnn/tensor';
import type { Callback } from '../types.js';

export interface EarlyStoppingOptions {
  /** The validation metric to watch, a key of what `validation.evaluate` returns (default 'loss'). */
  readonly monitor?: string;
  /** 'min' for losses, 'max' for accuracies (default 'min'). */
  readonly mode?: 'min' | 'max';
  /** Validations without improvement tolerated before stopping (default 0). */
  readonly patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  readonly minDelta?: number;
}

/**
 * Stops training after `patience` validations in a row fail to improve on the best value by
 * more than `minDelta`. The reason given to `fit` names the metric, the best value and its step.
 */
export function earlyStopping({ monitor = 'loss', mode = 'min', patience = 0, minDelta = 0 }: EarlyStoppingOptions = {}): Callback {
  if (!(Number.isInteger(patience) && patience >= 0)) throw new ArgumentError('earlyStopping', 'patience', `must be an integer ≥ 0, got ${patience}`);
  if (!(minDelta >= 0)) throw new ArgumentError('earlyStopping', 'minDelta', `must be ≥ 0, got ${minDelta}`);
  let best: { value: number; step: number } | undefined;
  let waited = 0;
  return {
    onTrainBegin() {
      best = undefined;
      waited = 0;
    },
    onValidationEnd(logs, context) {
      const value = logs.metrics[monitor];
      if (value === undefined) {
        throw new ArgumentError('earlyStopping', 'monitor', `'${monitor}' is not a validation metric; validation returned ${Object.keys(logs.metrics).map((k) => `'${k}'`).join(', ') || 'nothing'}`);
      }
      const improved = best === undefined || (mode === 'min' ? value < best.value - minDelta : value > best.value + minDelta);
      if (improved) {
        best = { value, step: logs.step };
        waited = 0;
        return;
      }
      waited++;
      if (waited > patience) {
        context.stop(`early stopping: validation ${monitor} has not improved for ${waited} validation(s); best ${best!.value} at step ${best!.step}`);
      }
    },
  };
}
