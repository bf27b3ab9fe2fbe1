import { ArgumentError, createCpuBackend, dispose, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { slidingWindows } from './sliding-windows.js';

setBackend(createCpuBackend());

describe('slidingWindows', () => {
  it('gives time-major inputs [window, count, 1] and targets [count, horizon] for a 1-D series', () => {
    const { inputs, targets } = slidingWindows([1, 2, 3, 4, 5, 6], { window: 3, horizon: 2 });
    expect(inputs.shape).toEqual([3, 2, 1]);
    expect(inputs.dtype).toBe('float32');
    // Window 0 is 1, 2, 3 (column 0); window 1 is 2, 3, 4 (column 1).
    expect(inputs.arraySync()).toEqual([[[1], [2]], [[2], [3]], [[3], [4]]]);
    expect(targets.arraySync()).toEqual([[4, 5], [5, 6]]);
    dispose([inputs, targets]);
  });

  it('flattens multi-feature targets step-major: [count, horizon · F]', () => {
    const series = [[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]];
    const { inputs, targets } = slidingWindows(series, { window: 2, horizon: 2 });
    expect(inputs.shape).toEqual([2, 2, 2]);
    expect(inputs.arraySync()).toEqual([[[1, 10], [2, 20]], [[2, 20], [3, 30]]]);
    expect(targets.arraySync()).toEqual([[3, 30, 4, 40], [4, 40, 5, 50]]);
    dispose([inputs, targets]);
  });

  it('starts window i at i · stride', () => {
    const { inputs, targets } = slidingWindows(Float64Array.from([1, 2, 3, 4, 5, 6, 7]), { window: 2, stride: 2, dtype: 'float64' });
    expect(inputs.dtype).toBe('float64');
    expect(inputs.arraySync()).toEqual([[[1], [3], [5]], [[2], [4], [6]]]);
    expect(targets.arraySync()).toEqual([[3], [5], [7]]);
    dispose([inputs, targets]);
  });

  it('needs at least window + horizon steps', () => {
    expect(() => slidingWindows([1, 2, 3], { window: 3 })).toThrow(
      'slidingWindows: series has 3 steps, too few for one window of 3 steps and its horizon of 1: need at least 4',
    );
  });

  it('rejects ragged rows and missing values', () => {
    expect(() => slidingWindows([[1, 2], [3]], { window: 1 })).toThrow('step 1 has 1 features but step 0 has 2');
    expect(() => slidingWindows([1, Number.NaN, 3], { window: 1 })).toThrow('holds NaN at step 1, feature 0');
    expect(() => slidingWindows([1, 2, 3], { window: 0 })).toThrow(ArgumentError);
  });
});
