/** Index batches over a dataset of examples, reshuffled each epoch from a seeded generator. */
import { ArgumentError, type Generator } from '@rnn/tensor';
import { randomUnits } from '../random.js';
import { nonNegativeInteger, positiveInteger } from '../validate.js';

export interface ShuffledBatchOptions {
  readonly batchSize: number;
  /** Required when shuffling; each call advances it, so successive epochs get new orders. */
  readonly generator?: Generator;
  /** Default true; false gives 0, 1, 2, … in order. */
  readonly shuffle?: boolean;
  /** Drop a last batch smaller than `batchSize` (default false), as PyTorch's DataLoader. */
  readonly dropLast?: boolean;
}

/**
 * The indices `0 … count − 1` in a random order (a Fisher–Yates shuffle, one draw per swap from
 * `generator`), cut into batches of `batchSize`; gather the examples of each with
 * `gatherBatch`. Each call is one epoch.
 *
 * @example
 * for (const indices of shuffledBatches(1000, { batchSize: 32, generator })) {
 *   const x = gatherBatch(inputs, indices, 1); // time-major inputs: examples on axis 1
 * }
 */
export function shuffledBatches(count: number, options: ShuffledBatchOptions): Int32Array[] {
  const op = 'shuffledBatches';
  const { batchSize, generator, shuffle = true, dropLast = false } = options;
  nonNegativeInteger(op, 'count', count);
  positiveInteger(op, 'batchSize', batchSize);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (shuffle && count > 1) {
    if (generator === undefined) throw new ArgumentError(op, 'generator', 'is required to shuffle; pass { generator: new Generator(seed) } or { shuffle: false }');
    const units = randomUnits(generator, count - 1);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(units[count - 1 - i]! * (i + 1));
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
  }
  const batches: Int32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(start + batchSize, count);
    if (dropLast && end - start < batchSize) break;
    batches.push(order.slice(start, end));
  }
  return batches;
}
