import { describe, expect, it } from 'vitest';
import type { TrainingPoint } from '../protocol/messages.js';
import { MAX_POINTS, SMOOTHING, TrainingSeries } from './series.js';

const point = (step: number, loss: number, gradNorm = 1, stepsPerSecond = 20): TrainingPoint => ({ step, loss, gradNorm, stepsPerSecond });
const run = (losses: readonly number[], firstStep = 1): TrainingPoint[] => losses.map((loss, i) => point(firstStep + i, loss));

describe('TrainingSeries', () => {
  it('counts the steps received and averages the first and latest ten losses', () => {
    const series = new TrainingSeries();
    series.add(run(Array.from({ length: 25 }, (_, i) => 25 - i)));
    expect(series.steps).toBe(25);
    expect(series.firstLoss).toBe(20.5); // 25 … 16
    expect(series.lastLoss).toBe(5.5); // 10 … 1
  });

  it('smooths the loss with a bias-corrected EMA, so it starts at the first loss', () => {
    const series = new TrainingSeries();
    series.add(run([4, 2]));
    const smoothed = series.lossColumns()[2]!;
    expect(smoothed[0]).toBeCloseTo(4);
    const expected = (SMOOTHING * (1 - SMOOTHING) * 4 + (1 - SMOOTHING) * 2) / (1 - SMOOTHING ** 2);
    expect(smoothed[1]).toBeCloseTo(expected);
  });

  it('skips a NaN loss in the smoothing and charts it as a gap', () => {
    const series = new TrainingSeries();
    series.add(run([3, Number.NaN, 3]));
    const [, losses, smoothed] = series.lossColumns();
    expect(losses).toEqual([3, null, 3]);
    expect(smoothed![2]).toBeCloseTo(3);
  });

  it('merges validation losses into the loss chart at their steps', () => {
    const series = new TrainingSeries();
    series.add(run([5, 4, 3]));
    series.addValidation(2, 4.5);
    series.addValidation(4, 3.5);
    const [steps, losses, , validation] = series.lossColumns();
    expect(steps).toEqual([1, 2, 3, 4]);
    expect(losses).toEqual([5, 4, 3, null]);
    expect(validation).toEqual([null, 4.5, null, 3.5]);
  });

  it('leaves out gradient norms a log scale cannot draw', () => {
    const series = new TrainingSeries();
    series.add([point(1, 1, 0.5), point(2, 1, 0), point(3, 1, Number.POSITIVE_INFINITY)]);
    expect(series.gradNormColumns()).toEqual([
      [1, 2, 3],
      [0.5, null, null],
    ]);
  });

  it('stays within MAX_POINTS and ends at the newest step', () => {
    const series = new TrainingSeries();
    for (let step = 1; step <= 20_000; step += 100) series.add(run(Array.from({ length: 100 }, () => 1), step));
    const [steps, speeds] = series.speedColumns();
    expect(steps!.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(speeds).toHaveLength(steps!.length);
    expect(steps!.at(-1)).toBe(20_000);
    expect(series.steps).toBe(20_000);
  });

  it('starts over when the steps go back, as after a reset', () => {
    const series = new TrainingSeries();
    series.add(run([9, 9, 9]));
    series.add(run([2, 1]));
    expect(series.steps).toBe(2);
    expect(series.firstLoss).toBe(1.5);
    expect(series.lossColumns()[0]).toEqual([1, 2]);
  });
});
