/** Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay. */
import { add, ArgumentError, mul, sub, type SgdRule, type Variable } from '@rnn/tensor';
import { copy, Optimizer, type ParameterUpdate, type UpdateResult } from './optimizer.js';
import { nonNegative } from './validate.js';

export interface SgdConfig {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

export type SgdOptions = Partial<SgdConfig>;

/**
 * PyTorch's `torch.optim.SGD`: `g ← ∇ + λθ`; with momentum `b ← g` on the first step, else
 * `b ← μb + (1 − τ)g`; `g ← g + μb` (Nesterov) or `g ← b`; `θ ← θ − lr·g`.
 * Slot: `momentum_buffer` (only when momentum ≠ 0).
 */
export class SGD extends Optimizer<SgdConfig> {
  get kind(): string {
    return 'SGD';
  }

  protected readonly slotNames = ['momentum_buffer'] as const;

  constructor(params: readonly Variable[], options: SgdOptions = {}) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ...options });
  }

  protected validate(config: SgdConfig): SgdConfig {
    nonNegative('SGD', 'lr', config.lr);
    nonNegative('SGD', 'momentum', config.momentum);
    nonNegative('SGD', 'dampening', config.dampening);
    nonNegative('SGD', 'weightDecay', config.weightDecay);
    if (config.nesterov && (config.momentum <= 0 || config.dampening !== 0)) {
      throw new ArgumentError('SGD', 'nesterov', 'requires momentum > 0 and dampening = 0');
    }
    return config;
  }

  protected override fusedRule(c: SgdConfig): SgdRule {
    return { kind: 'sgd', lr: c.lr, momentum: c.momentum, dampening: c.dampening, nesterov: c.nesterov, weightDecay: c.weightDecay };
  }

  protected update({ parameter, grad, slot }: ParameterUpdate, c: SgdConfig): UpdateResult {
    let direction = c.weightDecay !== 0 ? add(grad, mul(parameter, c.weightDecay)) : grad;
    if (c.momentum === 0) return { parameter: sub(parameter, mul(direction, c.lr)), slots: {} };
    const previous = slot('momentum_buffer');
    const buffer = previous === undefined ? copy(direction) : add(mul(previous, c.momentum), mul(direction, 1 - c.dampening));
    direction = c.nesterov ? add(direction, mul(buffer, c.momentum)) : buffer;
    return { parameter: sub(parameter, mul(direction, c.lr)), slots: { momentum_buffer: buffer } };
  }
}
