/** Holding out the end of a corpus for validation. */
import { ArgumentError } from '@rnn/tensor';

export interface TrainValidationSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * The last `floor(ids.length · validationFraction)` ids are the validation set, the rest the
 * training set, as the PyTorch reference does (`n_val = int(len(data) * val_frac)`); both are
 * views of `ids`, not copies. A contiguous tail, not a random sample, so no training chunk
 * overlaps the validation text. A fraction of 0 gives an empty validation set (where the
 * reference's `data[:-0]` would give an empty training set).
 */
export function splitTrainValidation(ids: Int32Array, validationFraction: number): TrainValidationSplit {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new ArgumentError('splitTrainValidation', 'validationFraction', `must be in [0, 1), got ${validationFraction}`);
  }
  const cut = ids.length - Math.floor(ids.length * validationFraction);
  return { train: ids.subarray(0, cut), validation: ids.subarray(cut) };
}
