/** Reduce the learning rate when a monitored metric stops improving. */
import { ArgumentError } from '@rnn/tensor';
import type { LearningRateTarget } from './schedule.js';

export interface ReduceLROnPlateauOptions {
  /** `'min'`: lower is better (a loss); `'max'`: higher is better (an accuracy). */
  readonly mode?: 'min' | 'max';
  /** Multiplier applied on a plateau. */
  readonly factor?: number;
  /** Epochs without improvement tolerated before reducing. */
  readonly patience?: number;
  /** The smallest change that counts as an improvement. */
  readonly threshold?: number;
  /** `'rel'`: improvement relative to the best value; `'abs'`: absolute. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. */
  readonly cooldown?: number;
  readonly minLr?: number;
  /** Reductions smaller than this are skipped. */
  readonly eps?: number;
}

/** Saved state. `best` is `null` before the first metric (±Infinity is not JSON). */
export interface ReduceLROnPlateauState {
  readonly best: number | null;
  readonly badEpochs: number;
  readonly cooldownCounter: number;
  readonly epoch: number;
}

/** PyTorch's `ReduceLROnPlateau`, with the same defaults and the same counting. */
export class ReduceLROnPlateau {
  readonly optimizer: LearningRateTarget;
  readonly options: Required<ReduceLROnPlateauOptions>;
  #best: number | null = null;
  #badEpochs = 0;
  #cooldownCounter = 0;
  #epoch = 0;

  constructor(optimizer: LearningRateTarget, options: ReduceLROnPlateauOptions = {}) {
    const o = { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8, ...options } as const;
    if (!(o.factor >= 0 && o.factor < 1)) throw new ArgumentError('ReduceLROnPlateau', 'factor', `must be in [0, 1), got ${o.factor}`);
    for (const key of ['patience', 'cooldown'] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 0) throw new ArgumentError('ReduceLROnPlateau', key, `must be an integer ≥ 0, got ${o[key]}`);
    }
    for (const key of ['threshold', 'minLr', 'eps'] as const) {
      if (!(o[key] >= 0)) throw new ArgumentError('ReduceLROnPlateau', key, `must be ≥ 0, got ${o[key]}`);
    }
    this.optimizer = optimizer;
    this.options = o;
  }

  /** The best metric seen, or `null` before the first `step`. */
  get best(): number | null {
    return this.#best;
  }

  get lr(): number {
    return this.optimizer.lr;
  }

  /** Records one epoch's `metric`; reduces the learning rate after more than `patience` bad epochs. */
  step(metric: number): void {
    this.#epoch++;
    if (this.#isBetter(metric)) {
      this.#best = metric;
      this.#badEpochs = 0;
    } else {
      this.#badEpochs++;
    }
    if (this.#cooldownCounter > 0) {
      this.#cooldownCounter--;
      this.#badEpochs = 0;
    }
    if (this.#badEpochs > this.options.patience) {
      const old = this.optimizer.lr;
      const reduced = Math.max(old * this.options.factor, this.options.minLr);
      if (old - reduced > this.options.eps) this.optimizer.lr = reduced;
      this.#cooldownCounter = this.options.cooldown;
      this.#badEpochs = 0;
    }
  }

  getState(): ReduceLROnPlateauState {
    return { best: this.#best, badEpochs: this.#badEpochs, cooldownCounter: this.#cooldownCounter, epoch: this.#epoch };
  }

  /** Restores counters; the learning rate itself is restored with the optimizer's state. */
  setState(state: ReduceLROnPlateauState): void {
    this.#best = state.best;
    this.#badEpochs = state.badEpochs;
    this.#cooldownCounter = state.cooldownCounter;
    this.#epoch = state.epoch;
  }

  #isBetter(metric: number): boolean {
    const best = this.#best;
    if (best === null) return !Number.isNaN(metric);
    const { mode, thresholdMode, threshold } = this.options;
    if (mode === 'min') return thresholdMode === 'rel' ? metric < best * (1 - threshold) : metric < best - threshold;
    return thresholdMode === 'rel' ? metric > best * (1 + threshold) : metric > best + threshold;
  }
}
