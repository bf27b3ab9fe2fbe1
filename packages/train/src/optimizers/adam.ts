/** Adam (Kingma & Ba 2015, Algorithm 1) with L2 weight decay and AMSGrad (Reddi et al. 2018). */
import { add, div, maximum, mul, sqrt, square, sub, zerosLike, type AdamRule, type Tensor, type Variable } from '@rnn/tensor';
import { Optimizer, type ParameterUpdate, type UpdateResult } from './optimizer.js';
import { nonNegative, unitInterval } from './validate.js';

export interface AdamConfig {
  readonly lr: number;
  /** Decay rates of the first and second moment averages. */
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  /** Normalise by the running maximum of the second moment. */
  readonly amsgrad: boolean;
}

export type AdamOptions = Partial<AdamConfig>;

export const ADAM_SLOTS = ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] as const;

export function validateAdam(op: string, config: AdamConfig): AdamConfig {
  nonNegative(op, 'lr', config.lr);
  unitInterval(op, 'betas[0]', config.betas[0]);
  unitInterval(op, 'betas[1]', config.betas[1]);
  nonNegative(op, 'eps', config.eps);
  nonNegative(op, 'weightDecay', config.weightDecay);
  return { ...config, betas: [config.betas[0], config.betas[1]] };
}

/** `c` as the fused step's rule; `decoupled`: AdamW's weight decay. */
export const adamRule = (c: AdamConfig, decoupled: boolean): AdamRule => ({
  kind: 'adam',
  lr: c.lr,
  beta1: c.betas[0],
  beta2: c.betas[1],
  eps: c.eps,
  weightDecay: c.weightDecay,
  decoupledWeightDecay: decoupled,
  amsgrad: c.amsgrad,
});

/**
 * The Adam moment update and step from `g` (gradient after any L2 term) for a parameter `θ`,
 * in PyTorch's order: `m ← m + (1 − β₁)(g − m)`; `v ← β₂v + (1 − β₂)g²`;
 * `d ← √v̂ / √(1 − β₂ᵗ) + ε` (v̂ = v, or its running max with AMSGrad);
 * `θ ← θ − (lr / (1 − β₁ᵗ))·m / d`.
 */
export function adamStep(theta: Tensor, g: Tensor, step: number, slot: ParameterUpdate['slot'], c: AdamConfig): UpdateResult {
  const [beta1, beta2] = c.betas;
  const previousAvg = slot('exp_avg') ?? zerosLike(theta);
  const expAvg = add(previousAvg, mul(sub(g, previousAvg), 1 - beta1));
  const expAvgSq = add(mul(slot('exp_avg_sq') ?? zerosLike(theta), beta2), mul(square(g), 1 - beta2));
  const slots: Record<string, Tensor> = { exp_avg: expAvg, exp_avg_sq: expAvgSq };
  let second = expAvgSq;
  if (c.amsgrad) {
    second = maximum(slot('max_exp_avg_sq') ?? zerosLike(theta), expAvgSq);
    slots.max_exp_avg_sq = second;
  }
  const stepSize = c.lr / (1 - beta1 ** step);
  const denominator = add(div(sqrt(second), Math.sqrt(1 - beta2 ** step)), c.eps);
  return { parameter: sub(theta, mul(div(expAvg, denominator), stepSize)), slots };
}

/**
 * PyTorch's `torch.optim.Adam`; `weightDecay` adds `λθ` to the gradient (L2), for decoupled
 * decay use {@link AdamW}. Slots: `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq` (AMSGrad).
 */
export class Adam extends Optimizer<AdamConfig> {
  get kind(): string {
    return 'Adam';
  }

  protected readonly slotNames = ADAM_SLOTS;

  constructor(params: readonly Variable[], options: AdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...options });
  }

  protected validate(config: AdamConfig): AdamConfig {
    return validateAdam('Adam', config);
  }

  protected override fusedRule(c: AdamConfig): AdamRule {
    return adamRule(c, false);
  }

  protected update({ parameter, grad, step, slot }: ParameterUpdate, c: AdamConfig): UpdateResult {
    const g = c.weightDecay !== 0 ? add(grad, mul(parameter, c.weightDecay)) : grad;
    return adamStep(parameter, g, step, slot, c);
  }
}
