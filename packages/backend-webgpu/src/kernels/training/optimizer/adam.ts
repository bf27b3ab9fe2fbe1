/** Adam and AdamW (`AdamRule`), with AMSGrad; the bias corrections change with the update count. */
import type { AdamRule } from '@rnn/tensor/backend';
import { adamScalars } from '@rnn/tensor/kernels';
import { when, type RuleKernel } from './kernel.js';

export function adamKernel(rule: AdamRule): RuleKernel {
  // Which terms apply does not depend on the step.
  const options = adamScalars(rule, 1);
  const l2 = options.weightDecay !== 0;
  const decoupled = options.decay !== 1;
  return {
    key: `adam:${l2 ? 'l2' : ''}:${decoupled ? 'decoupled' : ''}:${rule.amsgrad ? 'amsgrad' : ''}`,
    fields: 'weightDecay: f32, decay: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, eps: f32, stepSize: f32, biasCorrection2Sqrt: f32',
    body: /* wgsl */ `
  let t0 = theta[i];
  var t = t0;
  ${when(decoupled, 't = t0 * p.decay;')}
  var g = grad[i];
  ${when(l2, 'g = g + t0 * p.weightDecay;')}
  let m = exp_avg[i] + (g - exp_avg[i]) * p.oneMinusBeta1;
  let v = exp_avg_sq[i] * p.beta2 + (g * g) * p.oneMinusBeta2;
  exp_avg[i] = m;
  exp_avg_sq[i] = v;
  var second = v;
  ${when(rule.amsgrad, 'second = max(max_exp_avg_sq[i], v);\n  max_exp_avg_sq[i] = second;')}
  let denominator = sqrt(second) / p.biasCorrection2Sqrt + p.eps;
  theta[i] = t - (m / denominator) * p.stepSize;`,
    writeUniforms(uniforms, step) {
      const s = adamScalars(rule, step);
      uniforms.f32(s.weightDecay, s.decay, s.oneMinusBeta1, s.beta2, s.oneMinusBeta2, s.eps, s.stepSize, s.biasCorrection2Sqrt);
    },
  };
}
