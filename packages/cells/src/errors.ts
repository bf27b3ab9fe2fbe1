/** The one error this package adds to `@rnn/tensor`'s: weights that do not fit a cell. */
import { RnnError, type Shape } from '@rnn/tensor';

const fmt = (shape: Shape): string => `[${shape.join(', ')}]`;

/**
 * A weight missing from `bind`, or present with the wrong shape. `actual` is null when the key
 * is absent, so a caller (a checkpoint loader) can tell the two apart.
 */
export class WeightError extends RnnError {
  override name = 'WeightError';
  constructor(
    readonly cell: string,
    readonly key: string,
    readonly expected: Shape,
    readonly actual: Shape | null,
  ) {
    super(
      actual === null
        ? `${cell} cell: weight '${key}' is missing (expected shape ${fmt(expected)})`
        : `${cell} cell: weight '${key}' has shape ${fmt(actual)}, expected ${fmt(expected)}`,
    );
  }
}
