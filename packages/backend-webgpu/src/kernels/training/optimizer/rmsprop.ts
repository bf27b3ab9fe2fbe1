/** RMSprop (`RmspropRule`), centered and with momentum. */
import type { RmspropRule } from '@rnn/tensor/backend';
import { rmspropScalars } from '@rnn/tensor/kernels';
import { when, type RuleKernel } from './kernel.js';

export function rmspropKernel(rule: RmspropRule): RuleKernel {
  const s = rmspropScalars(rule);
  const decays = s.weightDecay !== 0;
  const momentum = s.momentum > 0;
  return {
    key: `rmsprop:${decays ? 'decay' : ''}:${rule.centered ? 'centered' : ''}:${momentum ? 'momentum' : ''}`,
    fields: 'lr: f32, weightDecay: f32, alpha: f32, oneMinusAlpha: f32, eps: f32, momentum: f32',
    body: /* wgsl */ `
  let t = theta[i];
  var g = grad[i];
  ${when(decays, 'g = g + t * p.weightDecay;')}
  let squared = square_avg[i] * p.alpha + (g * g) * p.oneMinusAlpha;
  square_avg[i] = squared;
  var variance = squared;
  ${when(
    rule.centered,
    /* wgsl */ `let average = grad_avg[i] + (g - grad_avg[i]) * p.oneMinusAlpha;
  grad_avg[i] = average;
  variance = squared - average * average;`,
  )}
  let denominator = sqrt(variance) + p.eps;
  ${when(momentum, 'let b = momentum_buffer[i] * p.momentum + g / denominator;\n  momentum_buffer[i] = b;')}
  theta[i] = t - ${momentum ? 'b' : '(g / denominator)'} * p.lr;`,
    writeUniforms(uniforms) {
      uniforms.f32(s.lr, s.weightDecay, s.alpha, s.oneMinusAlpha, s.eps, s.momentum);
    },
  };
}
