/** Adagrad (Duchi, Hazan & Singer 2011) with PyTorch's learning-rate decay. */
import { add, div, fullLike, mul, sqrt, square, sub, type Variable } from '@rnn/tensor';
import { Optimizer, type ParameterUpdate, type UpdateResult } from './optimizer.js';
import { nonNegative } from './validate.js';

export interface AdagradConfig {
  readonly lr: number;
  /** The step size at update t is `lr / (1 + (t − 1)·lrDecay)`. */
  readonly lrDecay: number;
  readonly weightDecay: number;
  /** Starting value of the accumulated squared gradients. */
  readonly initialAccumulatorValue: number;
  readonly eps: number;
}

export type AdagradOptions = Partial<AdagradConfig>;

/**
 * PyTorch's `torch.optim.Adagrad`: `g ← ∇ + λθ`; `η ← lr / (1 + (t − 1)·decay)`;
 * `s ← s + g²`; `θ ← θ − η·g / (√s + ε)`. Slot: `sum`.
 */
export class Adagrad extends Optimizer<AdagradConfig> {
  get kind(): string {
    return 'Adagrad';
  }

  protected readonly slotNames = ['sum'] as const;

  constructor(params: readonly Variable[], options: AdagradOptions = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, ...options });
  }

  protected validate(config: AdagradConfig): AdagradConfig {
    nonNegative('Adagrad', 'lr', config.lr);
    nonNegative('Adagrad', 'lrDecay', config.lrDecay);
    nonNegative('Adagrad', 'weightDecay', config.weightDecay);
    nonNegative('Adagrad', 'initialAccumulatorValue', config.initialAccumulatorValue);
    nonNegative('Adagrad', 'eps', config.eps);
    return config;
  }

  protected update({ parameter, grad, step, slot }: ParameterUpdate, c: AdagradConfig): UpdateResult {
    const g = c.weightDecay !== 0 ? add(grad, mul(parameter, c.weightDecay)) : grad;
    const stepSize = c.lr / (1 + (step - 1) * c.lrDecay);
    const sum = add(slot('sum') ?? fullLike(parameter, c.initialAccumulatorValue), square(g));
    const std = add(sqrt(sum), c.eps);
    return { parameter: sub(parameter, mul(div(g, std), stepSize)), slots: { sum } };
  }
}
