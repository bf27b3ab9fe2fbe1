/** Which steps of a padded batch of sequences are real, from their lengths. */
import { ArgumentError, fromArray, type Backend, type Tensor } from '@rnn/tensor';

export interface SequenceMaskOptions {
  /** `'time-major'` gives [steps, batch] (the layers' default layout), `'batch-major'` [batch, steps]. */
  readonly layout: 'time-major' | 'batch-major';
  /** Default: the current backend. */
  readonly backend?: Backend;
}

/**
 * A bool mask, true at step t of sequence b when `t < lengths[b]`: the `mask` a loss or metric
 * needs to skip padding.
 *
 * @example
 * sequenceMask([2, 1], 3, { layout: 'batch-major' }); // [[true, true, false], [true, false, false]]
 */
export function sequenceMask(lengths: readonly number[], steps: number, options: SequenceMaskOptions): Tensor {
  const op = 'sequenceMask';
  if (!Number.isInteger(steps) || steps < 0) throw new ArgumentError(op, 'steps', `must be a non-negative integer, got ${steps}`);
  lengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 0 || length > steps) {
      throw new ArgumentError(op, 'lengths', `value ${length} at index ${b} is not an integer in [0, ${steps}]`);
    }
  });
  const batch = lengths.length;
  const timeMajor = options.layout === 'time-major';
  const values = new Uint8Array(batch * steps);
  lengths.forEach((length, b) => {
    for (let t = 0; t < length; t++) values[timeMajor ? t * batch + b : b * steps + t] = 1;
  });
  const shape = timeMajor ? [steps, batch] : [batch, steps];
  return fromArray(values, { shape, dtype: 'bool', ...(options.backend === undefined ? {} : { backend: options.backend }) });
}
