/** SGD (`SgdRule`): `g ← ∇ + λθ`; momentum buffer (the gradient itself when it has none yet); Nesterov. */
import type { SgdRule } from '@rnn/tensor/backend';
import { sgdScalars } from '@rnn/tensor/kernels';
import { when, type RuleKernel } from './kernel.js';

export function sgdKernel(rule: SgdRule): RuleKernel {
  const s = sgdScalars(rule);
  const decays = s.weightDecay !== 0;
  const momentum = s.momentum !== 0;
  return {
    key: `sgd:${decays ? 'decay' : ''}:${momentum ? (rule.nesterov ? 'nesterov' : 'momentum') : ''}`,
    fields: 'fresh: u32, lr: f32, weightDecay: f32, momentum: f32, keep: f32',
    body: /* wgsl */ `
  let t = theta[i];
  var d = grad[i];
  ${when(decays, 'd = d + t * p.weightDecay;')}
  ${when(
    momentum,
    /* wgsl */ `
  var b = d;
  if (p.fresh == 0u) { b = momentum_buffer[i] * p.momentum + d * p.keep; }
  momentum_buffer[i] = b;
  ${rule.nesterov ? 'd = d + b * p.momentum;' : 'd = b;'}`,
  )}
  theta[i] = t - d * p.lr;`,
    writeUniforms(uniforms, _step, fresh) {
      uniforms.u32(fresh ? 1 : 0).f32(s.lr, s.weightDecay, s.momentum, s.keep);
    },
  };
}
