/**
 * The suite's own composed optimizer updates: each `OptimizerRule` of @rnn/tensor written with
 * plain tensor ops, operation by operation in the order its documentation gives (the order of
 * @rnn/train's optimizers). A backend's fused `optimizerStep` must agree with them.
 */
import { add, div, maximum, mul, sqrt, square, sub, zerosLike, type OptimizerRule, type Tensor } from '@rnn/tensor';

export interface ReferenceResult {
  readonly param: Tensor;
  /** Every slot of the rule, in its order. */
  readonly slots: Tensor[];
}

/** One parameter's update at its update count `step`; `slots` in the rule's order, undefined where none exists yet. */
export function referenceUpdate(rule: OptimizerRule, step: number, theta: Tensor, grad: Tensor, slots: readonly (Tensor | undefined)[]): ReferenceResult {
  const slot = (k: number): Tensor => slots[k] ?? zerosLike(theta);
  switch (rule.kind) {
    case 'sgd': {
      let d = rule.weightDecay !== 0 ? add(grad, mul(theta, rule.weightDecay)) : grad;
      if (rule.momentum === 0) return { param: sub(theta, mul(d, rule.lr)), slots: [] };
      const previous = slots[0];
      const buffer = previous === undefined ? mul(d, 1) : add(mul(previous, rule.momentum), mul(d, 1 - rule.dampening));
      d = rule.nesterov ? add(d, mul(buffer, rule.momentum)) : buffer;
      return { param: sub(theta, mul(d, rule.lr)), slots: [buffer] };
    }
    case 'adam': {
      const decoupled = rule.decoupledWeightDecay && rule.weightDecay !== 0;
      const t = decoupled ? mul(theta, 1 - rule.lr * rule.weightDecay) : theta;
      const g = !rule.decoupledWeightDecay && rule.weightDecay !== 0 ? add(grad, mul(theta, rule.weightDecay)) : grad;
      const m = add(slot(0), mul(sub(g, slot(0)), 1 - rule.beta1));
      const v = add(mul(slot(1), rule.beta2), mul(square(g), 1 - rule.beta2));
      const second = rule.amsgrad ? maximum(slot(2), v) : v;
      const denominator = add(div(sqrt(second), Math.sqrt(1 - rule.beta2 ** step)), rule.eps);
      const param = sub(t, mul(div(m, denominator), rule.lr / (1 - rule.beta1 ** step)));
      return { param, slots: rule.amsgrad ? [m, v, second] : [m, v] };
    }
    case 'rmsprop': {
      const g = rule.weightDecay !== 0 ? add(grad, mul(theta, rule.weightDecay)) : grad;
      const squareAvg = add(mul(slot(0), rule.alpha), mul(square(g), 1 - rule.alpha));
      const out = [squareAvg];
      let variance = squareAvg;
      if (rule.centered) {
        const gradAvg = add(slot(1), mul(sub(g, slot(1)), 1 - rule.alpha));
        out.push(gradAvg);
        variance = sub(squareAvg, square(gradAvg));
      }
      const denominator = add(sqrt(variance), rule.eps);
      if (rule.momentum === 0) return { param: sub(theta, mul(div(g, denominator), rule.lr)), slots: out };
      const buffer = add(mul(slot(out.length), rule.momentum), div(g, denominator));
      return { param: sub(theta, mul(buffer, rule.lr)), slots: [...out, buffer] };
    }
  }
}
