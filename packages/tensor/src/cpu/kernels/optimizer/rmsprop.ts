/** The RMSprop update (`RmspropRule`) of one parameter, operation by operation as the composed path. */
import type { RmspropRule } from '../../../backend/types.js';
import { rmspropScalars } from '../../../training/optimizer-rules.js';
import { roundScalars, type ParameterArrays, type Round } from './arrays.js';

export function rmspropKernel(rule: RmspropRule, r: Round, { theta, grad, slots, outTheta, outSlots }: ParameterArrays): void {
  const raw = rmspropScalars(rule);
  const s = roundScalars(raw, r);
  // Slot order: square_avg, then grad_avg (centered), then momentum_buffer (momentum > 0).
  const averaged = rule.centered ? 1 : 0;
  const [sq0, avg0, buf0] = [slots[0] ?? null, rule.centered ? (slots[1] ?? null) : null, slots[1 + averaged] ?? null];
  const [sq1, avg1, buf1] = [outSlots[0]!, rule.centered ? outSlots[1]! : null, outSlots[1 + averaged]];
  for (let i = 0; i < theta.length; i++) {
    const t = theta[i]!;
    const g = raw.weightDecay !== 0 ? r(grad[i]! + r(t * s.weightDecay)) : grad[i]!;
    const sq = r(r((sq0 === null ? 0 : sq0[i]!) * s.alpha) + r(r(g * g) * s.oneMinusAlpha));
    sq1[i] = sq;
    let variance = sq;
    if (avg1 !== null) {
      const a = avg0 === null ? 0 : avg0[i]!;
      const avg = r(a + r(r(g - a) * s.oneMinusAlpha));
      avg1[i] = avg;
      variance = r(sq - r(avg * avg));
    }
    const denominator = r(r(Math.sqrt(variance)) + s.eps);
    if (buf1 !== undefined) {
      const b = r(r((buf0 === null ? 0 : buf0[i]!) * s.momentum) + r(g / denominator));
      buf1[i] = b;
      outTheta[i] = t - r(b * s.lr);
    } else {
      outTheta[i] = t - r(r(g / denominator) * s.lr);
    }
  }
}
