/** Linear warmup, then cosine annealing to a floor (Loshchilov & Hutter 2017, SGDR without restarts). */
import { ArgumentError } from '@rnn/tensor';
import { EpochSchedule, type LearningRateTarget } from './schedule.js';

export interface CosineWithWarmupOptions {
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr?: number;
}

/**
 * Hugging Face's `get_cosine_with_min_lr_schedule_with_warmup`: `lr = base · t / warmupSteps`
 * for `t < warmupSteps` (so the first update uses 0 when there is warmup), then
 * `minLr + (base − minLr) · ½(1 + cos(π·p))` with `p = (t − warmupSteps) / (totalSteps − warmupSteps)`,
 * and `minLr` from `totalSteps` on.
 */
export class CosineWithWarmup extends EpochSchedule {
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr: number;

  constructor(optimizer: LearningRateTarget, { warmupSteps, totalSteps, minLr = 0 }: CosineWithWarmupOptions) {
    if (!Number.isInteger(warmupSteps) || warmupSteps < 0) throw new ArgumentError('CosineWithWarmup', 'warmupSteps', `must be an integer ≥ 0, got ${warmupSteps}`);
    if (!Number.isInteger(totalSteps) || totalSteps <= warmupSteps) {
      throw new ArgumentError('CosineWithWarmup', 'totalSteps', `must be an integer greater than warmupSteps (${warmupSteps}), got ${totalSteps}`);
    }
    if (!(minLr >= 0) || minLr > optimizer.lr) throw new ArgumentError('CosineWithWarmup', 'minLr', `must be in [0, lr = ${optimizer.lr}], got ${minLr}`);
    super(optimizer);
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
    this.minLr = minLr;
    this.apply();
  }

  protected lrAt(t: number, baseLr: number): number {
    const { warmupSteps, totalSteps, minLr } = this;
    if (t < warmupSteps) return (baseLr * t) / warmupSteps;
    if (t >= totalSteps) return minLr;
    const progress = (t - warmupSteps) / (totalSteps - warmupSteps);
    return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
