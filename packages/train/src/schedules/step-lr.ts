/** Step decay: multiply the learning rate by `gamma` every `stepSize` steps. */
import { ArgumentError } from '@rnn/tensor';
import { EpochSchedule, type LearningRateTarget } from './schedule.js';

export interface StepLROptions {
  readonly stepSize: number;
  readonly gamma?: number;
}

/** PyTorch's `StepLR`: `lr = base · γ^⌊epoch / stepSize⌋` (default γ = 0.1). */
export class StepLR extends EpochSchedule {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: LearningRateTarget, { stepSize, gamma = 0.1 }: StepLROptions) {
    if (!Number.isInteger(stepSize) || stepSize < 1) throw new ArgumentError('StepLR', 'stepSize', `must be a positive integer, got ${stepSize}`);
    if (!(gamma >= 0)) throw new ArgumentError('StepLR', 'gamma', `must be ≥ 0, got ${gamma}`);
    super(optimizer);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.apply();
  }

  protected lrAt(epoch: number, baseLr: number): number {
    return baseLr * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}
