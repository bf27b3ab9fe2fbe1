import { createCpuBackend, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, type AdamConfig } from './adam.js';
import { AdamW } from './adamw.js';
import { maxDifference, quadraticParameter, referenceTrajectory, trajectory } from './testing.js';

setBackend(createCpuBackend());

/** PyTorch's Adam (decoupled = false) or AdamW (decoupled = true) update for one element. */
function reference(c: AdamConfig, decoupled: boolean) {
  const [beta1, beta2] = c.betas;
  return referenceTrajectory(
    () => ({ m: 0, v: 0, vMax: 0 }),
    (x, grad, s, t) => {
      const theta = decoupled ? x * (1 - c.lr * c.weightDecay) : x;
      const g = decoupled ? grad : grad + c.weightDecay * x;
      s.m = s.m + (1 - beta1) * (g - s.m);
      s.v = beta2 * s.v + (1 - beta2) * g * g;
      s.vMax = Math.max(s.vMax, s.v);
      const second = c.amsgrad ? s.vMax : s.v;
      const denominator = Math.sqrt(second) / Math.sqrt(1 - beta2 ** t) + c.eps;
      return theta - (c.lr / (1 - beta1 ** t)) * (s.m / denominator);
    },
    3,
  );
}

const base: AdamConfig = { lr: 0.1, betas: [0.8, 0.95], eps: 1e-8, weightDecay: 0, amsgrad: false };

describe('Adam', () => {
  it.each([
    ['plain', base],
    ['amsgrad', { ...base, amsgrad: true }],
    ['L2 weight decay', { ...base, weightDecay: 0.1 }],
  ] as const)('follows the PyTorch update rule for three steps (%s)', (_, config) => {
    const x = quadraticParameter();
    const optimizer = new Adam([x], config);
    expect(maxDifference(trajectory(optimizer, x, 3), reference(config, false))).toBeLessThan(1e-12);
  });

  it('uses a maximum that can differ from the current second moment (amsgrad matters)', () => {
    const config = { ...base, amsgrad: true };
    expect(maxDifference(reference(config, false), reference(base, false))).toBeGreaterThan(1e-6);
  });
});

describe('AdamW', () => {
  it.each([
    ['decoupled weight decay', { ...base, weightDecay: 0.1 }],
    ['decoupled weight decay with amsgrad', { ...base, weightDecay: 0.1, amsgrad: true }],
  ] as const)('follows the PyTorch update rule for three steps (%s)', (_, config) => {
    const x = quadraticParameter();
    const optimizer = new AdamW([x], config);
    expect(maxDifference(trajectory(optimizer, x, 3), reference(config, true))).toBeLessThan(1e-12);
  });

  it('differs from Adam with L2 decay of the same strength', () => {
    const config = { ...base, weightDecay: 0.1 };
    expect(maxDifference(reference(config, true), reference(config, false))).toBeGreaterThan(1e-6);
  });
});
