/**
 * The training figures as the charts draw them: uPlot column arrays (x first) for the loss, the
 * gradient norm and the speed, bounded in memory, plus a smoothed loss and the summary figures the
 * page exposes to tests. No DOM here: the charts only read these arrays.
 */
import type { TrainingPoint } from '../protocol/messages.js';
import { DecimatedColumns, type Cell } from './decimated-columns.js';

/** Points kept per series: more than a chart's width in pixels, so thinning never shows. */
export const MAX_POINTS = 2000;
/**
 * The smoothed loss's EMA weight on the past, ≈ a 10-step window. Bias-corrected as in Adam
 * (Kingma & Ba 2015, §3): dividing by 1 − β^n keeps the first points from being pulled to 0.
 */
export const SMOOTHING = 0.9;
/** How many steps `firstLoss` and `lastLoss` average. */
export const SUMMARY_STEPS = 10;

/** x (steps) then y columns, as `uPlot.setData` takes them. */
export type Columns = readonly Cell[][];

// Column order in the training rows.
const STEP = 0;
const LOSS = 1;
const SMOOTHED = 2;
const GRAD_NORM = 3;
const SPEED = 4;

export class TrainingSeries {
  private readonly training = new DecimatedColumns(5, MAX_POINTS);
  private readonly validation = new DecimatedColumns(2, MAX_POINTS);
  private received = 0;
  private lastStep = -Infinity;
  private average = 0;
  private averaged = 0;
  private readonly firstLosses: number[] = [];
  private readonly recentLosses: number[] = [];

  /** Training steps received since the run began. */
  get steps(): number {
    return this.received;
  }

  /** Mean loss of the first `SUMMARY_STEPS` steps received (NaN before any). */
  get firstLoss(): number {
    return mean(this.firstLosses);
  }

  /** Mean loss of the latest `SUMMARY_STEPS` steps received (NaN before any). */
  get lastLoss(): number {
    return mean(this.recentLosses);
  }

  add(points: readonly TrainingPoint[]): void {
    for (const point of points) {
      // A step that does not advance belongs to a new run (reset, configure, load): start over.
      if (point.step <= this.lastStep) this.clear();
      this.lastStep = point.step;
      this.received++;
      if (this.firstLosses.length < SUMMARY_STEPS) this.firstLosses.push(point.loss);
      this.recentLosses.push(point.loss);
      if (this.recentLosses.length > SUMMARY_STEPS) this.recentLosses.shift();
      this.training.push([point.step, finite(point.loss), this.smooth(point.loss), positive(point.gradNorm), finite(point.stepsPerSecond)]);
    }
  }

  addValidation(step: number, loss: number): void {
    this.validation.push([step, finite(loss)]);
  }

  clear(): void {
    this.training.clear();
    this.validation.clear();
    this.received = 0;
    this.lastStep = -Infinity;
    this.average = 0;
    this.averaged = 0;
    this.firstLosses.length = 0;
    this.recentLosses.length = 0;
  }

  /** [step, loss, smoothed loss, validation loss]: the steps of both series, merged in order. */
  lossColumns(): Columns {
    const training = this.training.columns;
    const [steps, losses, smoothed] = [training[STEP]!, training[LOSS]!, training[SMOOTHED]!];
    const [validationSteps, validationLosses] = [this.validation.columns[0]!, this.validation.columns[1]!];
    const merged: Cell[][] = [[], [], [], []];
    let t = 0;
    let v = 0;
    while (t < steps.length || v < validationSteps.length) {
      const trainingStep = steps[t] ?? Infinity;
      const validationStep = validationSteps[v] ?? Infinity;
      const step = Math.min(trainingStep, validationStep);
      const atTraining = trainingStep === step;
      const atValidation = validationStep === step;
      merged[0]!.push(step);
      merged[1]!.push(atTraining ? losses[t]! : null);
      merged[2]!.push(atTraining ? smoothed[t]! : null);
      merged[3]!.push(atValidation ? validationLosses[v]! : null);
      if (atTraining) t++;
      if (atValidation) v++;
    }
    return merged;
  }

  /** [step, gradient norm before clipping]; norms that a log scale cannot show are null. */
  gradNormColumns(): Columns {
    return pick(this.training.columns, STEP, GRAD_NORM);
  }

  /** [step, steps per second]. */
  speedColumns(): Columns {
    return pick(this.training.columns, STEP, SPEED);
  }

  private smooth(loss: number): Cell {
    // A NaN loss (a diverged step) must not poison every smoothed value after it.
    if (Number.isFinite(loss)) {
      this.averaged++;
      this.average = SMOOTHING * this.average + (1 - SMOOTHING) * loss;
    }
    return this.averaged === 0 ? null : this.average / (1 - SMOOTHING ** this.averaged);
  }
}

const pick = (columns: readonly Cell[][], ...indices: number[]): Cell[][] => indices.map((i) => columns[i]!);

const finite = (value: number): Cell => (Number.isFinite(value) ? value : null);

const positive = (value: number): Cell => (Number.isFinite(value) && value > 0 ? value : null);

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
