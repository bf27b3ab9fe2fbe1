import { createCpuBackend, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { RMSprop, type RmspropConfig } from './rmsprop.js';
import { maxDifference, quadraticParameter, referenceTrajectory, trajectory } from './testing.js';

setBackend(createCpuBackend());

/** PyTorch's RMSprop update for one element, written out by hand. */
function reference(c: RmspropConfig) {
  return referenceTrajectory(
    () => ({ squareAvg: 0, gradAvg: 0, buffer: 0 }),
    (x, grad, s) => {
      const g = grad + c.weightDecay * x;
      s.squareAvg = c.alpha * s.squareAvg + (1 - c.alpha) * g * g;
      let variance = s.squareAvg;
      if (c.centered) {
        s.gradAvg = s.gradAvg + (1 - c.alpha) * (g - s.gradAvg);
        variance -= s.gradAvg * s.gradAvg;
      }
      const d = Math.sqrt(variance) + c.eps;
      if (c.momentum > 0) {
        s.buffer = c.momentum * s.buffer + g / d;
        return x - c.lr * s.buffer;
      }
      return x - c.lr * (g / d);
    },
    3,
  );
}

const base: RmspropConfig = { lr: 0.01, alpha: 0.9, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 };

describe('RMSprop', () => {
  it.each([
    ['plain', base],
    ['momentum', { ...base, momentum: 0.8 }],
    ['centered with momentum', { ...base, centered: true, momentum: 0.5 }],
    ['weight decay', { ...base, weightDecay: 0.1 }],
  ] as const)('follows the PyTorch update rule for three steps (%s)', (_, config) => {
    const x = quadraticParameter();
    const optimizer = new RMSprop([x], config);
    expect(maxDifference(trajectory(optimizer, x, 3), reference(config))).toBeLessThan(1e-12);
  });
});
