/**
 * What every implementation of the fused optimizer step shares: which slots a rule keeps, and
 * the scalars of an update computed in double exactly as the composed updates of @rnn/train
 * compute them. A backend rounds each scalar to its dtype once and then follows the rule's
 * formula (see `OptimizerRule`), so its result can equal the composed path bit for bit.
 */
import type { AdamRule, OptimizerRule, RmspropRule, SgdRule } from '../backend/types.js';

/** The slots `rule` keeps per parameter, by PyTorch's names, in the order the kernels use. */
export function optimizerSlotNames(rule: OptimizerRule): string[] {
  switch (rule.kind) {
    case 'sgd':
      return rule.momentum !== 0 ? ['momentum_buffer'] : [];
    case 'adam':
      return rule.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
    case 'rmsprop':
      return ['square_avg', ...(rule.centered ? ['grad_avg'] : []), ...(rule.momentum > 0 ? ['momentum_buffer'] : [])];
  }
}

export interface SgdScalars {
  readonly lr: number;
  /** L2 term `θ·λ` added to the gradient; skipped when 0. */
  readonly weightDecay: number;
  /** μ; no buffer when 0. */
  readonly momentum: number;
  /** 1 − τ (dampening). */
  readonly keep: number;
}

export const sgdScalars = (rule: SgdRule): SgdScalars => ({
  lr: rule.lr,
  weightDecay: rule.weightDecay,
  momentum: rule.momentum,
  keep: 1 - rule.dampening,
});

export interface AdamScalars {
  /** L2 term `θ·λ` added to the gradient (Adam); 0 (skipped) for AdamW. */
  readonly weightDecay: number;
  /** AdamW's factor `1 − lr·λ` on the parameter; 1 (skipped) for Adam or λ = 0. */
  readonly decay: number;
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  readonly eps: number;
  /** lr / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ). */
  readonly biasCorrection2Sqrt: number;
}

/** The scalars of an Adam update at the parameter's update count `step` (1 on its first). */
export function adamScalars(rule: AdamRule, step: number): AdamScalars {
  const decoupled = rule.decoupledWeightDecay;
  return {
    weightDecay: decoupled ? 0 : rule.weightDecay,
    decay: decoupled && rule.weightDecay !== 0 ? 1 - rule.lr * rule.weightDecay : 1,
    oneMinusBeta1: 1 - rule.beta1,
    beta2: rule.beta2,
    oneMinusBeta2: 1 - rule.beta2,
    eps: rule.eps,
    stepSize: rule.lr / (1 - rule.beta1 ** step),
    biasCorrection2Sqrt: Math.sqrt(1 - rule.beta2 ** step),
  };
}

export interface RmspropScalars {
  readonly lr: number;
  readonly weightDecay: number;
  readonly alpha: number;
  readonly oneMinusAlpha: number;
  readonly eps: number;
  /** μ; no buffer when 0. */
  readonly momentum: number;
}

export const rmspropScalars = (rule: RmspropRule): RmspropScalars => ({
  lr: rule.lr,
  weightDecay: rule.weightDecay,
  alpha: rule.alpha,
  oneMinusAlpha: 1 - rule.alpha,
  eps: rule.eps,
  momentum: rule.momentum,
});
