/** AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019, Algorithm 2). */
import { mul, type AdamRule, type Variable } from '@rnn/tensor';
import { ADAM_SLOTS, adamRule, adamStep, validateAdam, type AdamConfig, type AdamOptions } from './adam.js';
import { Optimizer, type ParameterUpdate, type UpdateResult } from './optimizer.js';

/**
 * PyTorch's `torch.optim.AdamW`: `θ ← θ·(1 − lr·λ)`, then the Adam step on the raw gradient.
 * Decay is applied to the parameter, not added to the gradient, so it is not rescaled by the
 * adaptive denominator. Default `weightDecay` is 0.01, as PyTorch.
 */
export class AdamW extends Optimizer<AdamConfig> {
  get kind(): string {
    return 'AdamW';
  }

  protected readonly slotNames = ADAM_SLOTS;

  constructor(params: readonly Variable[], options: AdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, ...options });
  }

  protected validate(config: AdamConfig): AdamConfig {
    return validateAdam('AdamW', config);
  }

  protected override fusedRule(c: AdamConfig): AdamRule {
    return adamRule(c, true);
  }

  protected update({ parameter, grad, step, slot }: ParameterUpdate, c: AdamConfig): UpdateResult {
    const decayed = c.weightDecay !== 0 ? mul(parameter, 1 - c.lr * c.weightDecay) : parameter;
    return adamStep(decayed, grad, step, slot, c);
  }
}
