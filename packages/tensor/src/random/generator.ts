/** An explicit, seeded random generator whose state can be saved and restored. */
import type { RandomSpec } from '../backend/types.js';
import { ArgumentError } from '../errors.js';

/** Everything needed to resume the stream exactly. */
export interface GeneratorState {
  readonly key: readonly [number, number];
  readonly counter: number;
}

/**
 * A stream of random numbers: the 64-bit key comes from the seed, and each call consumes
 * `ceil(n / 4)` Philox blocks. The same seed gives the same numbers on every backend.
 *
 * @example
 * const gen = new Generator(42);
 * const w = uniform([3, 4], { generator: gen, low: -0.1, high: 0.1 });
 */
export class Generator {
  #key: [number, number];
  #counter = 0;

  /** `seed`: an integer in [0, 2^53). */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new ArgumentError('Generator', 'seed', `must be an integer in [0, 2^53), got ${seed}`);
    this.#key = [seed >>> 0, Math.floor(seed / 0x100000000) >>> 0];
  }

  /** @internal Reserves the blocks for `n` numbers and describes them for a backend. */
  next(distribution: RandomSpec['distribution'], n: number, a: number, b: number): RandomSpec {
    const spec: RandomSpec = { distribution, key: this.#key, counter: this.#counter, a, b };
    this.#counter += Math.ceil(n / 4);
    return spec;
  }

  getState(): GeneratorState {
    return { key: [...this.#key], counter: this.#counter };
  }

  setState(s: GeneratorState): void {
    this.#key = [s.key[0] >>> 0, s.key[1] >>> 0];
    this.#counter = s.counter;
  }
}
