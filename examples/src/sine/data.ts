/**
 * A noisy periodic series to forecast: two sines of incommensurate periods (so no window repeats
 * exactly) plus Gaussian noise,
 *   s(t) = sin(2πt / P₁) + ½·sin(2πt / P₂) + ε_t,  ε_t ~ N(0, σ²).
 * The noise is unpredictable, so σ² is the floor of any one-step forecast's MSE, while
 * "tomorrow equals today" pays about 2σ² plus the signal's own change between steps.
 */
import type { Generator } from '@rnn/tensor';
import { normalNumbers } from '../shared/random.js';

export interface NoisySineOptions {
  readonly length: number;
  /** P₁ and P₂, in steps. */
  readonly periods: readonly [number, number];
  /** σ, the standard deviation of the noise. */
  readonly noise: number;
}

export function noisySines(generator: Generator, { length, periods: [p1, p2], noise }: NoisySineOptions): Float32Array {
  const eps = normalNumbers(generator, length, 0, noise);
  return Float32Array.from({ length }, (_, t) => Math.sin((2 * Math.PI * t) / p1) + 0.5 * Math.sin((2 * Math.PI * t) / p2) + eps[t]!);
}

/**
 * The naive forecast's MSE: each of the `horizon` steps after a window is predicted as the
 * window's last value. Same windows as `slidingWindows(series, { window, horizon })`.
 */
export function repeatLastValueMse(series: ArrayLike<number>, window: number, horizon: number): number {
  let sum = 0;
  let count = 0;
  for (let start = 0; start + window + horizon <= series.length; start++) {
    const last = series[start + window - 1]!;
    for (let h = 0; h < horizon; h++) {
      sum += (series[start + window + h]! - last) ** 2;
      count++;
    }
  }
  return sum / count;
}
