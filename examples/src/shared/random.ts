/**
 * Plain-number draws from a seeded `Generator`, for data generators that build their batches in
 * JavaScript arrays. Every draw goes through @rnn/tensor's Philox generator, so a seed gives the
 * same data on every machine and backend.
 */
import { normal, uniform, type Generator } from '@rnn/tensor';

/** `n` draws from U[low, high), in float64 so that `floor` never rounds up to `high`. */
export function uniformNumbers(generator: Generator, n: number, low = 0, high = 1): Float64Array {
  const t = uniform([n], { generator, low, high, dtype: 'float64' });
  const values = Float64Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** `n` draws from N(mean, std²). */
export function normalNumbers(generator: Generator, n: number, mean = 0, std = 1): Float64Array {
  const t = normal([n], { generator, mean, std, dtype: 'float64' });
  const values = Float64Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** `n` integers drawn uniformly from [low, high), like `torch.randint(low, high, (n,))`. */
export function integers(generator: Generator, n: number, low: number, high: number): Int32Array {
  const u = uniformNumbers(generator, n);
  return Int32Array.from(u, (v) => Math.min(high - 1, low + Math.floor(v * (high - low))));
}
