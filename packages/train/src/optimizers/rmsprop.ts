/** RMSprop (Hinton, Lecture 6e), optionally centered (Graves 2013, eq. 38–45) and with momentum. */
import { add, div, mul, sqrt, square, sub, zerosLike, type RmspropRule, type Variable } from '@rnn/tensor';
import { Optimizer, type ParameterUpdate, type UpdateResult } from './optimizer.js';
import { nonNegative } from './validate.js';

export interface RmspropConfig {
  readonly lr: number;
  /** Smoothing constant of the squared-gradient average. */
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  /** Normalise by the estimated variance instead of the raw second moment. */
  readonly centered: boolean;
  readonly weightDecay: number;
}

export type RmspropOptions = Partial<RmspropConfig>;

/**
 * PyTorch's `torch.optim.RMSprop`: `g ← ∇ + λθ`; `v ← αv + (1 − α)g²`; centered:
 * `m ← m + (1 − α)(g − m)`, `d ← √(v − m²) + ε`, else `d ← √v + ε`; with momentum
 * `b ← μb + g/d`, `θ ← θ − lr·b`, else `θ ← θ − lr·g/d`.
 * Slots: `square_avg`, `momentum_buffer` (momentum > 0), `grad_avg` (centered).
 */
export class RMSprop extends Optimizer<RmspropConfig> {
  get kind(): string {
    return 'RMSprop';
  }

  protected readonly slotNames = ['square_avg', 'momentum_buffer', 'grad_avg'] as const;

  constructor(params: readonly Variable[], options: RmspropOptions = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0, ...options });
  }

  protected validate(config: RmspropConfig): RmspropConfig {
    nonNegative('RMSprop', 'lr', config.lr);
    nonNegative('RMSprop', 'alpha', config.alpha);
    nonNegative('RMSprop', 'eps', config.eps);
    nonNegative('RMSprop', 'momentum', config.momentum);
    nonNegative('RMSprop', 'weightDecay', config.weightDecay);
    return config;
  }

  protected override fusedRule(c: RmspropConfig): RmspropRule {
    return { kind: 'rmsprop', lr: c.lr, alpha: c.alpha, eps: c.eps, momentum: c.momentum, centered: c.centered, weightDecay: c.weightDecay };
  }

  protected update({ parameter, grad, slot }: ParameterUpdate, c: RmspropConfig): UpdateResult {
    const g = c.weightDecay !== 0 ? add(grad, mul(parameter, c.weightDecay)) : grad;
    const squareAvg = add(mul(slot('square_avg') ?? zerosLike(parameter), c.alpha), mul(square(g), 1 - c.alpha));
    const slots: Record<string, typeof squareAvg> = { square_avg: squareAvg };
    let variance = squareAvg;
    if (c.centered) {
      const previous = slot('grad_avg') ?? zerosLike(parameter);
      const gradAvg = add(previous, mul(sub(g, previous), 1 - c.alpha));
      slots.grad_avg = gradAvg;
      variance = sub(squareAvg, square(gradAvg));
    }
    const denominator = add(sqrt(variance), c.eps);
    if (c.momentum > 0) {
      const buffer = add(mul(slot('momentum_buffer') ?? zerosLike(parameter), c.momentum), div(g, denominator));
      slots.momentum_buffer = buffer;
      return { parameter: sub(parameter, mul(buffer, c.lr)), slots };
    }
    return { parameter: sub(parameter, mul(div(g, denominator), c.lr)), slots };
  }
}
