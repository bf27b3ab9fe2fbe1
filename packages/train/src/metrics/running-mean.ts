/** A streaming mean of scalars for epoch metrics. */
import { ArgumentError } from '@rnn/tensor';

/**
 * The mean of every value added, each weighted by its count, so per-batch means of batches of
 * different sizes (or token counts) combine into the exact epoch mean.
 *
 * @example
 * const loss = new RunningMean();
 * loss.add(2.0, 32); // a batch of 32 tokens with mean loss 2.0
 * loss.add(1.0, 16);
 * loss.mean;         // 5/3
 */
export class RunningMean {
  #total = 0;
  #count = 0;

  /** The sum of the counts added so far. */
  get count(): number {
    return this.#count;
  }

  /** The weighted mean so far; NaN before anything is counted. */
  get mean(): number {
    return this.#count === 0 ? Number.NaN : this.#total / this.#count;
  }

  /** Adds `value`, the mean of `count` items (default 1; 0 adds nothing). */
  add(value: number, count = 1): this {
    if (!Number.isFinite(count) || count < 0) throw new ArgumentError('RunningMean.add', 'count', `must be a finite non-negative number, got ${count}`);
    if (count === 0) return this;
    this.#total += value * count;
    this.#count += count;
    return this;
  }

  /** Forgets everything, for the next epoch. */
  reset(): void {
    this.#total = 0;
    this.#count = 0;
  }
}
