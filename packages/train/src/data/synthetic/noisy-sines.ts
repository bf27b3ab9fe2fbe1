/**
 * A noisy periodic series to forecast: two sines of incommensurate periods (so no window repeats
 * exactly) plus Gaussian noise,
 *   s(t) = sin(2πt / P₁) + ½·sin(2πt / P₂) + ε_t,  ε_t ~ N(0, σ²).
 * The noise is unpredictable, so σ² is the floor of any one-step forecast's MSE, while
 * "tomorrow equals today" pays about 2σ² plus the signal's own change between steps.
 */
import { ArgumentError, type Generator } from '@rnn/tensor';
import { nonNegativeInteger, positiveInteger } from '../validate.js';
import { normalNumbers } from './numbers.js';

export interface NoisySineOptions {
  readonly length: number;
  /** P₁ and P₂, in steps. */
  readonly periods: readonly [number, number];
  /** σ, the standard deviation of the noise. */
  readonly noise: number;
}

export function noisySines(generator: Generator, { length, periods, noise }: NoisySineOptions): Float32Array {
  nonNegativeInteger('noisySines', 'length', length);
  const [p1, p2] = periods;
  if (!(p1 > 0 && p2 > 0 && Number.isFinite(p1) && Number.isFinite(p2))) throw new ArgumentError('noisySines', 'periods', `must be two positive numbers of steps, got [${p1}, ${p2}]`);
  if (!(noise >= 0 && Number.isFinite(noise))) throw new ArgumentError('noisySines', 'noise', `must be a standard deviation ≥ 0, got ${noise}`);
  const eps = normalNumbers(generator, length, 0, noise);
  return Float32Array.from({ length }, (_, t) => Math.sin((2 * Math.PI * t) / p1) + 0.5 * Math.sin((2 * Math.PI * t) / p2) + eps[t]!);
}

/**
 * The naive forecast's MSE: each of the `horizon` steps after a window is predicted as the
 * window's last value. Same windows as `slidingWindows(series, { window, horizon })`.
 */
export function repeatLastValueMse(series: ArrayLike<number>, window: number, horizon: number): number {
  positiveInteger('repeatLastValueMse', 'window', window);
  positiveInteger('repeatLastValueMse', 'horizon', horizon);
  if (series.length < window + horizon) {
    throw new ArgumentError('repeatLastValueMse', 'series', `has ${series.length} steps, too few for one window of ${window} steps and its horizon of ${horizon}: need at least ${window + horizon}`);
  }
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
