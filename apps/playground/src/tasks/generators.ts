/**
 * The random streams of one run, as `rnn train` and the examples split them: weights and dropout
 * from `seed`, training batches from `seed + 1`, fixed data (held-out sets, the sine series) from
 * `seed + 2`.
 */
import { Generator } from '@rnn/tensor';

export const modelGenerator = (seed: number): Generator => new Generator(seed);
export const dataGenerator = (seed: number): Generator => new Generator(seed + 1);
export const fixedDataGenerator = (seed: number): Generator => new Generator(seed + 2);
