import { createCpuBackend, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { SGD, type SgdConfig } from './sgd.js';
import { maxDifference, quadraticParameter, referenceTrajectory, trajectory } from './testing.js';

setBackend(createCpuBackend());

/** PyTorch's SGD update for one element, written out by hand. */
function reference(c: SgdConfig) {
  return referenceTrajectory(
    () => ({ buffer: undefined as number | undefined }),
    (x, grad, s) => {
      let d = grad + c.weightDecay * x;
      if (c.momentum !== 0) {
        s.buffer = s.buffer === undefined ? d : c.momentum * s.buffer + (1 - c.dampening) * d;
        d = c.nesterov ? d + c.momentum * s.buffer : s.buffer;
      }
      return x - c.lr * d;
    },
    3,
  );
}

const base: SgdConfig = { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };

describe('SGD', () => {
  it.each([
    ['plain', base],
    ['momentum with dampening', { ...base, momentum: 0.9, dampening: 0.3 }],
    ['nesterov', { ...base, momentum: 0.9, nesterov: true }],
    ['weight decay with momentum', { ...base, momentum: 0.5, weightDecay: 0.01 }],
  ] as const)('follows the PyTorch update rule for three steps (%s)', (_, config) => {
    const x = quadraticParameter();
    const optimizer = new SGD([x], config);
    expect(maxDifference(trajectory(optimizer, x, 3), reference(config))).toBeLessThan(1e-12);
  });

  it('rejects nesterov without momentum', () => {
    expect(() => new SGD([quadraticParameter()], { nesterov: true })).toThrow(/nesterov requires momentum > 0/);
  });
});
