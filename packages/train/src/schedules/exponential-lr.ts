/** Exponential decay of the learning rate. */
import { ArgumentError } from '@rnn/tensor';
import { EpochSchedule, type LearningRateTarget } from './schedule.js';

export interface ExponentialLROptions {
  readonly gamma: number;
}

/** PyTorch's `ExponentialLR`: `lr = base · γ^epoch`. */
export class ExponentialLR extends EpochSchedule {
  readonly gamma: number;

  constructor(optimizer: LearningRateTarget, { gamma }: ExponentialLROptions) {
    if (!(gamma >= 0)) throw new ArgumentError('ExponentialLR', 'gamma', `must be ≥ 0, got ${gamma}`);
    super(optimizer);
    this.gamma = gamma;
    this.apply();
  }

  protected lrAt(epoch: number, baseLr: number): number {
    return baseLr * this.gamma ** epoch;
  }
}
