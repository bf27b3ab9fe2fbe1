import { createCpuBackend, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { Adagrad, type AdagradConfig } from './adagrad.js';
import { maxDifference, quadraticParameter, referenceTrajectory, trajectory } from './testing.js';

setBackend(createCpuBackend());

/** PyTorch's Adagrad update for one element, written out by hand. */
function reference(c: AdagradConfig) {
  return referenceTrajectory(
    () => ({ sum: c.initialAccumulatorValue }),
    (x, grad, s, t) => {
      const g = grad + c.weightDecay * x;
      const stepSize = c.lr / (1 + (t - 1) * c.lrDecay);
      s.sum += g * g;
      return x - stepSize * (g / (Math.sqrt(s.sum) + c.eps));
    },
    3,
  );
}

const base: AdagradConfig = { lr: 0.1, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 };

describe('Adagrad', () => {
  it.each([
    ['plain', base],
    ['learning-rate decay and an initial accumulator', { ...base, lrDecay: 0.5, initialAccumulatorValue: 0.2 }],
    ['weight decay', { ...base, weightDecay: 0.05 }],
  ] as const)('follows the PyTorch update rule for three steps (%s)', (_, config) => {
    const x = quadraticParameter();
    const optimizer = new Adagrad([x], config);
    expect(maxDifference(trajectory(optimizer, x, 3), reference(config))).toBeLessThan(1e-12);
  });
});
