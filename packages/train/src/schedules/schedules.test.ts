import { createCpuBackend, setBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { CosineWithWarmup } from './cosine-with-warmup.js';
import { ExponentialLR } from './exponential-lr.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import type { LearningRateTarget } from './schedule.js';
import { StepLR } from './step-lr.js';

setBackend(createCpuBackend());

// Schedules only set `lr`, so a plain object stands in for an optimizer (no tensors needed).
const target = (lr: number): LearningRateTarget => ({ lr });

function sequence(schedule: { step(): void }, optimizer: LearningRateTarget, steps: number): number[] {
  const out = [optimizer.lr];
  for (let i = 0; i < steps; i++) {
    schedule.step();
    out.push(optimizer.lr);
  }
  return out;
}

describe('StepLR', () => {
  it('multiplies by gamma every stepSize steps: lr = base·γ^⌊t/stepSize⌋', () => {
    const optimizer = target(1);
    const lrs = sequence(new StepLR(optimizer, { stepSize: 3, gamma: 0.5 }), optimizer, 7);
    expect(lrs).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });
});

describe('ExponentialLR', () => {
  it('multiplies by gamma every step: lr = base·γ^t', () => {
    const optimizer = target(0.1);
    const lrs = sequence(new ExponentialLR(optimizer, { gamma: 0.9 }), optimizer, 5);
    lrs.forEach((lr, t) => {
      expect(lr).toBeCloseTo(0.1 * 0.9 ** t, 15);
    });
  });

  it('resumes from saved state with the same learning rates', () => {
    const optimizer = target(0.1);
    const schedule = new ExponentialLR(optimizer, { gamma: 0.9 });
    sequence(schedule, optimizer, 4);
    const resumedOptimizer = target(0.1);
    const resumed = new ExponentialLR(resumedOptimizer, { gamma: 0.9 });
    resumed.setState(JSON.parse(JSON.stringify(schedule.getState())) as ReturnType<typeof schedule.getState>);
    expect(sequence(resumed, resumedOptimizer, 3)).toEqual(sequence(schedule, optimizer, 3));
  });
});

describe('CosineWithWarmup', () => {
  it('warms up linearly, anneals along a half cosine to minLr, then stays there', () => {
    const optimizer = target(1);
    const lrs = sequence(new CosineWithWarmup(optimizer, { warmupSteps: 2, totalSteps: 6, minLr: 0.1 }), optimizer, 8);
    const expected = [0, 0.5, ...[0, 1, 2, 3].map((k) => 0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * k) / 4))), 0.1, 0.1, 0.1];
    lrs.forEach((lr, t) => {
      expect(lr).toBeCloseTo(expected[t]!, 14);
    });
  });

  it('rejects totalSteps not beyond warmupSteps', () => {
    expect(() => new CosineWithWarmup(target(1), { warmupSteps: 5, totalSteps: 5 })).toThrow(/totalSteps/);
  });
});

describe('ReduceLROnPlateau', () => {
  it('reduces by factor after more than patience epochs without improvement, then cools down', () => {
    const optimizer = target(1);
    const schedule = new ReduceLROnPlateau(optimizer, { factor: 0.5, patience: 1, cooldown: 1 });
    const lrs = [5, 4, 4, 4, 4, 4, 4].map((loss) => {
      schedule.step(loss);
      return optimizer.lr;
    });
    // Epoch 4 is the second bad epoch (> patience 1): halve. Epoch 5 is cooldown; 6 bad; 7 halves again.
    expect(lrs).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
  });

  it('treats higher as better in max mode and respects the relative threshold', () => {
    const optimizer = target(1);
    const schedule = new ReduceLROnPlateau(optimizer, { mode: 'max', factor: 0.1, patience: 0, threshold: 0.1 });
    schedule.step(1);
    schedule.step(1.05); // less than 10% better: a bad epoch, patience 0 → reduce
    expect(optimizer.lr).toBeCloseTo(0.1, 15);
    expect(schedule.best).toBe(1);
  });

  it('never goes below minLr and saves its counters as JSON', () => {
    const optimizer = target(1);
    const schedule = new ReduceLROnPlateau(optimizer, { factor: 0.1, patience: 0, minLr: 0.05 });
    for (const loss of [1, 1, 1, 1]) schedule.step(loss);
    expect(optimizer.lr).toBe(0.05);
    expect(JSON.parse(JSON.stringify(schedule.getState()))).toEqual({ best: 1, badEpochs: 0, cooldownCounter: 0, epoch: 4 });
  });
});
