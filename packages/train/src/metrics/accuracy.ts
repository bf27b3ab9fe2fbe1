/** Share of positions whose highest logit is the target class. */
import { argmax, ArgumentError, cast, div, DTypeError, equal, mul, sum, tidy, type Tensor } from '@rnn/tensor';
import { assertBroadcastsTo, assertShape, countedWeights } from '../losses/checks.js';

export interface AccuracyOptions {
  /** Targets equal to this value are not counted. */
  readonly ignoreIndex?: number;
  /** bool (or 0/1 float) tensor broadcasting to `target`'s shape; false positions are not counted. */
  readonly mask?: Tensor;
}

/**
 * `argmax(logits, −1) == target`, averaged over the counted positions: a float scalar tensor
 * (NaN when nothing is counted). `target` holds int32 class indices of shape `logits.shape[:-1]`.
 *
 * @example
 * accuracy(fromArray([[2, 1], [0, 3]]), fromArray([0, 0], { dtype: 'int32' })).itemSync(); // 0.5
 */
export function accuracy(logits: Tensor, target: Tensor, options: AccuracyOptions = {}): Tensor {
  const op = 'accuracy';
  const { ignoreIndex, mask } = options;
  if (logits.rank === 0) throw new ArgumentError(op, 'logits', 'must have a class axis (rank ≥ 1), got a scalar');
  if (target.dtype !== 'int32') throw new DTypeError(op, [target.dtype], 'target must be int32 class indices');
  const positions = logits.shape.slice(0, -1);
  assertShape(op, 'target', target, positions, logits);
  if (mask !== undefined) assertBroadcastsTo(op, 'mask', mask, positions, logits);
  return tidy(() => {
    const hits = cast(equal(argmax(logits, -1), target), 'float32');
    const weights = countedWeights(positions, hits, { target, ignoreIndex, mask });
    return weights === undefined ? div(sum(hits), hits.size) : div(sum(mul(hits, weights)), sum(weights));
  });
}
