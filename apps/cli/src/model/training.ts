/** The optimizer and learning-rate schedule `rnn train` builds from its options. */
import type { Variable } from '@rnn/tensor';
import { Adagrad, Adam, AdamW, CosineWithWarmup, ExponentialLR, RMSprop, SGD, StepLR, type EpochSchedule, type Optimizer } from '@rnn/train';
import { CliError } from '../errors.js';
import type { TrainConfig } from '../options/train-options.js';

type OptimizerOptions = Pick<TrainConfig, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'>;

/** Refuses flags the chosen optimizer would ignore. */
export function checkOptimizerOptions({ optimizer, momentum }: OptimizerOptions): void {
  if (momentum > 0 && optimizer !== 'sgd' && optimizer !== 'rmsprop') {
    throw new CliError(`--momentum applies to sgd and rmsprop, not --optimizer ${optimizer}`, 'drop --momentum or change --optimizer');
  }
}

/** PyTorch's optimizers with PyTorch's defaults for everything the flags leave out. */
export function createOptimizer(params: readonly Variable[], options: OptimizerOptions): Optimizer {
  checkOptimizerOptions(options);
  const { optimizer, lr, momentum, weightDecay } = options;
  const decay = weightDecay === undefined ? {} : { weightDecay };
  switch (optimizer) {
    case 'sgd':
      return new SGD(params, { lr, momentum, ...decay });
    case 'rmsprop':
      return new RMSprop(params, { lr, momentum, ...decay });
    case 'adagrad':
      return new Adagrad(params, { lr, ...decay });
    case 'adam':
      return new Adam(params, { lr, ...decay });
    case 'adamw':
      return new AdamW(params, { lr, ...decay });
  }
}

type ScheduleOptions = Pick<TrainConfig, 'schedule' | 'warmup' | 'gamma' | 'stepSize' | 'minLr'>;

/** The per-step schedule, or undefined for a constant learning rate. `steps`: the run's last step. */
export function createSchedule(optimizer: Optimizer, { schedule, warmup, gamma, stepSize, minLr }: ScheduleOptions, steps: number): EpochSchedule | undefined {
  switch (schedule) {
    case 'none':
      return undefined;
    case 'step':
      return new StepLR(optimizer, { stepSize, gamma });
    case 'exponential':
      return new ExponentialLR(optimizer, { gamma });
    case 'cosine':
      if (warmup >= steps) throw new CliError(`--warmup ${warmup} must be smaller than the run's ${steps} steps`);
      if (minLr > optimizer.lr) throw new CliError(`--min-lr ${minLr} must not exceed --lr ${optimizer.lr}`);
      return new CosineWithWarmup(optimizer, { warmupSteps: warmup, totalSteps: steps, minLr });
  }
}
