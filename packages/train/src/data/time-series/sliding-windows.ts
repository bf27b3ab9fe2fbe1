/** Supervised windows of a time series, for sequence → value forecasting. */
import { ArgumentError, fromArray, type Tensor } from '@rnn/tensor';
import { positiveInteger } from '../validate.js';

/** N steps of one feature, or N steps × F features (row t holds step t). */
export type Series = Float32Array | Float64Array | readonly number[] | readonly (readonly number[])[];

export interface SlidingWindowOptions {
  /** Input steps per example. */
  readonly window: number;
  /** Steps to forecast after each window (default 1). */
  readonly horizon?: number;
  /** Steps between consecutive window starts (default 1). */
  readonly stride?: number;
  /** Default `'float32'`. */
  readonly dtype?: 'float32' | 'float64';
}

/** The examples of a series (a type, not an interface, so `dispose(windows)` takes it). */
export type SlidingWindows = {
  /** `[window, count, F]`, time-major like the recurrent layers' input. */
  readonly inputs: Tensor;
  /** `[count, horizon · F]`: the `horizon` steps after each window, flattened step-major. */
  readonly targets: Tensor;
};

const OP = 'slidingWindows';

/** The series as one row-major buffer of N × F values. */
function flatten(series: Series): { values: ArrayLike<number>; steps: number; features: number } {
  if (ArrayBuffer.isView(series)) return { values: series, steps: series.length, features: 1 };
  const rows = series as readonly (number | readonly number[])[];
  const first = rows[0];
  if (first === undefined || typeof first === 'number') {
    rows.forEach((v, t) => {
      if (typeof v !== 'number') throw new ArgumentError(OP, 'series', `step ${t} is an array but step 0 is a number; pass all numbers or all feature rows`);
    });
    return { values: rows as readonly number[], steps: rows.length, features: 1 };
  }
  const features = first.length;
  if (features === 0) throw new ArgumentError(OP, 'series', 'step 0 has no features; each row needs at least one value');
  const values = new Float64Array(rows.length * features);
  rows.forEach((row, t) => {
    if (typeof row === 'number' || row.length !== features) {
      throw new ArgumentError(OP, 'series', `step ${t} has ${typeof row === 'number' ? 'a number' : `${row.length} features`} but step 0 has ${features}; every row needs the same features`);
    }
    values.set(row, t * features);
  });
  return { values, steps: rows.length, features };
}

/**
 * Window i covers steps `[i·stride, i·stride + window)` and its target the `horizon` steps right
 * after. Inputs are time-major `[window, count, F]`; targets are batch-first
 * `[count, horizon · F]` (step h, feature f at column `h·F + f`), the shape a dense head on the
 * last hidden state outputs (`Linear(hiddenSize, horizon · F)`), as in Keras and PyTorch
 * forecasting code; with horizon 1 it is `[count, F]`.
 *
 * @example
 * const { inputs, targets } = slidingWindows([1, 2, 3, 4, 5], { window: 3 });
 * // inputs [3, 2, 1]: windows [1, 2, 3] and [2, 3, 4]; targets [2, 1]: 4 and 5
 */
export function slidingWindows(series: Series, options: SlidingWindowOptions): SlidingWindows {
  const { window, horizon = 1, stride = 1, dtype = 'float32' } = options;
  positiveInteger(OP, 'window', window);
  positiveInteger(OP, 'horizon', horizon);
  positiveInteger(OP, 'stride', stride);
  const { values, steps, features: f } = flatten(series);
  if (steps < window + horizon) {
    throw new ArgumentError(OP, 'series', `has ${steps} steps, too few for one window of ${window} steps and its horizon of ${horizon}: need at least ${window + horizon}`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new ArgumentError(OP, 'series', `holds ${values[i]} at step ${Math.floor(i / f)}, feature ${i % f}; fill or drop missing values first`);
  }
  const count = Math.floor((steps - window - horizon) / stride) + 1;
  const inputs = new Float64Array(window * count * f);
  const targets = new Float64Array(count * horizon * f);
  for (let i = 0; i < count; i++) {
    const start = i * stride;
    for (let t = 0; t < window; t++) {
      for (let k = 0; k < f; k++) inputs[(t * count + i) * f + k] = values[(start + t) * f + k]!;
    }
    for (let h = 0; h < horizon; h++) {
      for (let k = 0; k < f; k++) targets[(i * horizon + h) * f + k] = values[(start + window + h) * f + k]!;
    }
  }
  return {
    inputs: fromArray(inputs, { dtype, shape: [window, count, f] }),
    targets: fromArray(targets, { dtype, shape: [count, horizon * f] }),
  };
}
