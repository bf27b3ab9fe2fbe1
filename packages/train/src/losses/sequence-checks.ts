/** Argument checks shared by the sequence loss and metrics: a padded batch of logits, targets and lengths. */
import { ArgumentError, DTypeError, ShapeError, type Tensor } from '@rnn/tensor';
import { assertShape } from './checks.js';

/** `'time-major'`: logits [T, B, V], targets [T, B] (the layers' default); `'batch-major'`: [B, T, V], [B, T]. */
export type SequenceLayout = 'time-major' | 'batch-major';

/** What the checks learnt: the number of steps T and the axis of `targets` that holds them. */
export interface SequenceBatch {
  readonly steps: number;
  readonly timeAxis: 0 | 1;
}

/**
 * Checks `layout`, `logits` (rank 3, at least one class), `targets` (int32, `logits.shape[:-1]`)
 * and `lengths` (one integer in [0, T] per sequence), naming `op` and the parameter at fault.
 */
export function checkSequenceBatch(op: string, logits: Tensor, targets: Tensor, lengths: readonly number[], layout: SequenceLayout): SequenceBatch {
  const layoutName: string = layout; // checked at run time too, for JavaScript callers
  if (layoutName !== 'time-major' && layoutName !== 'batch-major') {
    throw new ArgumentError(op, 'layout', `must be 'time-major' or 'batch-major', got ${JSON.stringify(layoutName)}`);
  }
  const timeMajor = layout === 'time-major';
  if (logits.rank !== 3) {
    throw new ShapeError(op, [logits.shape], `logits must have rank 3, ${timeMajor ? '[steps, batch, classes] (time-major)' : '[batch, steps, classes] (batch-major)'}`);
  }
  if (logits.shape[2] === 0) throw new ArgumentError(op, 'logits', `has no classes (shape [${logits.shape.join(', ')}])`);
  if (targets.dtype !== 'int32') throw new DTypeError(op, [targets.dtype], 'targets must be int32 class indices');
  assertShape(op, 'targets', targets, logits.shape.slice(0, 2), logits);
  const steps = logits.shape[timeMajor ? 0 : 1]!;
  const batch = logits.shape[timeMajor ? 1 : 0]!;
  if (!Array.isArray(lengths)) throw new ArgumentError(op, 'lengths', 'must be an array of numbers, one per sequence');
  if (lengths.length !== batch) {
    throw new ArgumentError(op, 'lengths', `has ${lengths.length} entries, but the batch has ${batch} sequences (logits [${logits.shape.join(', ')}], ${layout})`);
  }
  lengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 0 || length > steps) {
      throw new ArgumentError(op, 'lengths', `value ${length} at index ${b} is not an integer in [0, ${steps}], the number of steps`);
    }
  });
  return { steps, timeAxis: timeMajor ? 0 : 1 };
}
