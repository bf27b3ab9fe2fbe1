/**
 * A stream of seeded uniform numbers for data generators that make many small draws (a digit, a
 * format, a day): the numbers come from the `Generator` in blocks, so building 50 000 examples
 * costs a handful of tensor calls instead of one per draw. The same seed gives the same stream
 * on every backend.
 */
import type { Generator } from '@rnn/tensor';
import { uniformNumbers } from '@rnn/train';

export class Draws {
  readonly #generator: Generator;
  readonly #block: number;
  #values: Float64Array = new Float64Array(0);
  #at = 0;

  constructor(generator: Generator, block = 65_536) {
    this.#generator = generator;
    this.#block = block;
  }

  /** One number in [0, 1). */
  unit(): number {
    if (this.#at === this.#values.length) {
      this.#values = uniformNumbers(this.#generator, this.#block);
      this.#at = 0;
    }
    return this.#values[this.#at++]!;
  }

  /** An integer in [low, high). */
  int(low: number, high: number): number {
    return Math.min(high - 1, low + Math.floor(this.unit() * (high - low)));
  }

  /** One element of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)]!;
  }

  /** A seeded Fisher–Yates permutation of 0 … n − 1. */
  permutation(n: number): Int32Array {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }
}
