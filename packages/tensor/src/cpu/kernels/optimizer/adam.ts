/** The Adam/AdamW update (`AdamRule`) of one parameter, operation by operation as the composed path. */
import type { AdamRule } from '../../../backend/types.js';
import { adamScalars } from '../../../training/optimizer-rules.js';
import { roundScalars, type ParameterArrays, type Round } from './arrays.js';

export function adamKernel(rule: AdamRule, step: number, r: Round, { theta, grad, slots, outTheta, outSlots }: ParameterArrays): void {
  const raw = adamScalars(rule, step);
  const s = roundScalars(raw, r);
  const [m0, v0, vMax0] = [slots[0] ?? null, slots[1] ?? null, slots[2] ?? null];
  const [m1, v1, vMax1] = [outSlots[0]!, outSlots[1]!, outSlots[2]];
  for (let i = 0; i < theta.length; i++) {
    const t = raw.decay !== 1 ? r(theta[i]! * s.decay) : theta[i]!;
    const g = raw.weightDecay !== 0 ? r(grad[i]! + r(theta[i]! * s.weightDecay)) : grad[i]!;
    const m = m0 === null ? 0 : m0[i]!;
    const mNew = r(m + r(r(g - m) * s.oneMinusBeta1));
    const vNew = r(r((v0 === null ? 0 : v0[i]!) * s.beta2) + r(r(g * g) * s.oneMinusBeta2));
    let second = vNew;
    if (vMax1 !== undefined) {
      second = Math.max(vMax0 === null ? 0 : vMax0[i]!, vNew);
      vMax1[i] = second;
    }
    const denominator = r(r(r(Math.sqrt(second)) / s.biasCorrection2Sqrt) + s.eps);
    m1[i] = mNew;
    v1[i] = vNew;
    outTheta[i] = t - r(r(mNew / denominator) * s.stepSize);
  }
}
