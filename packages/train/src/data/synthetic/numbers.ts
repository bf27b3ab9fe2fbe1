/**
 * Plain-number draws (on the private cpu backend of ../random.ts, since the global one may not
 * read synchronously) from a seeded `Generator`, for synthetic datasets built in JavaScript
 * arrays: one Philox word per number, so a seed gives the same data on every machine and backend
 * (and the same as the examples' reference scripts).
 */
import { dispose, normal, uniform, type Generator, type Tensor } from '@rnn/tensor';
import { hostBackend } from '../random.js';

function read(draws: Tensor): Float64Array {
  const values = Float64Array.from(draws.dataSync());
  dispose(draws);
  return values;
}

/** `n` draws from U[low, high), in float64 so that `floor` never rounds up to `high`. */
export function uniformNumbers(generator: Generator, n: number, low = 0, high = 1): Float64Array {
  return read(uniform([n], { generator, low, high, dtype: 'float64', backend: hostBackend() }));
}

/** `n` draws from N(mean, std²). */
export function normalNumbers(generator: Generator, n: number, mean = 0, std = 1): Float64Array {
  return read(normal([n], { generator, mean, std, dtype: 'float64', backend: hostBackend() }));
}

/**
 * `n` integers drawn uniformly from [low, high), like `torch.randint(low, high, (n,))`. One
 * 24-bit draw each, unbiased enough for the small ranges of synthetic data; the corpus samplers
 * take 48 bits per integer instead (../random.ts).
 */
export function uniformIntegers(generator: Generator, n: number, low: number, high: number): Int32Array {
  const u = uniformNumbers(generator, n);
  return Int32Array.from(u, (v) => Math.min(high - 1, low + Math.floor(v * (high - low))));
}
