/** The SGD update (`SgdRule`) of one parameter, operation by operation as the composed path. */
import type { SgdRule } from '../../../backend/types.js';
import { sgdScalars } from '../../../training/optimizer-rules.js';
import { roundScalars, type ParameterArrays, type Round } from './arrays.js';

export function sgdKernel(rule: SgdRule, r: Round, { theta, grad, slots, outTheta, outSlots }: ParameterArrays): void {
  const raw = sgdScalars(rule);
  const { lr, weightDecay, momentum, keep } = roundScalars(raw, r);
  const decays = raw.weightDecay !== 0;
  const previous = slots[0] ?? null;
  const buffer = outSlots[0];
  for (let i = 0; i < theta.length; i++) {
    const t = theta[i]!;
    let d = decays ? r(grad[i]! + r(t * weightDecay)) : grad[i]!;
    if (buffer !== undefined) {
      // No buffer yet: it starts as the gradient itself (PyTorch), not as a damped zero buffer.
      const b = previous === null ? d : r(r(previous[i]! * momentum) + r(d * keep));
      buffer[i] = b;
      d = rule.nesterov ? r(d + r(b * momentum)) : b;
    }
    outTheta[i] = t - r(d * lr);
  }
}
