import { describe, expect, it } from 'vitest';
import type { AdamRule, Backend, RmspropRule, SgdRule } from '../backend/types.js';
import { ArgumentError, createCpuBackend, dispose, fromArray, fusedOptimizerStep, numHandles, optimizerSlotNames, ShapeError, type Tensor } from '../index.js';

const cpu = createCpuBackend();
const f64 = (values: number[]): Tensor => fromArray(Float64Array.from(values), { dtype: 'float64', backend: cpu });
const values = (t: Tensor): number[] => [...t.dataSync()];

const sgd: SgdRule = { kind: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.5, nesterov: false, weightDecay: 0.01 };
const adam: AdamRule = { kind: 'adam', lr: 0.1, beta1: 0.8, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, decoupledWeightDecay: true, amsgrad: true };
const rmsprop: RmspropRule = { kind: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 1e-8, momentum: 0.5, centered: true, weightDecay: 0 };

describe('optimizerSlotNames', () => {
  it("lists each rule's slots by PyTorch's names, in the kernels' order", () => {
    expect(optimizerSlotNames(sgd)).toEqual(['momentum_buffer']);
    expect(optimizerSlotNames({ ...sgd, momentum: 0 })).toEqual([]);
    expect(optimizerSlotNames(adam)).toEqual(['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq']);
    expect(optimizerSlotNames({ ...adam, amsgrad: false })).toEqual(['exp_avg', 'exp_avg_sq']);
    expect(optimizerSlotNames(rmsprop)).toEqual(['square_avg', 'grad_avg', 'momentum_buffer']);
    expect(optimizerSlotNames({ ...rmsprop, centered: false, momentum: 0 })).toEqual(['square_avg']);
  });
});

describe('fusedOptimizerStep', () => {
  it('applies SGD with momentum to every parameter in one call; a missing buffer starts as the gradient', () => {
    const [p, g, b] = [f64([1, -2]), f64([0.5, 0.25]), f64([1, 1])];
    const q = f64([3]);
    const result = fusedOptimizerStep(sgd, [
      { parameter: p, grad: g, step: 2, slots: [b] },
      { parameter: q, grad: f64([-1]), step: 1, slots: [undefined] },
    ])!;
    const d = [0.5 + 0.01 * 1, 0.25 + 0.01 * -2];
    const buffer = d.map((v) => 0.9 + v * 0.5);
    expect(values(result.slots[0]![0]!)).toEqual(buffer);
    expect(values(result.params[0]!)).toEqual([1 - buffer[0]! * 0.1, -2 - buffer[1]! * 0.1]);
    const dq = -1 + 0.01 * 3;
    expect(values(result.slots[1]![0]!)).toEqual([dq]);
    expect(values(result.params[1]!)).toEqual([3 - dq * 0.1]);
  });

  it("follows AdamW with AMSGrad at each parameter's own step count", () => {
    const result = fusedOptimizerStep(adam, [{ parameter: f64([2]), grad: f64([0.5]), step: 3, slots: [f64([0.1]), f64([0.2]), f64([0.3])] }])!;
    const m = 0.1 + (0.5 - 0.1) * (1 - 0.8);
    const v = 0.2 * 0.95 + 0.25 * (1 - 0.95);
    const vMax = Math.max(0.3, v);
    const theta = 2 * (1 - 0.1 * 0.1) - (m / (Math.sqrt(vMax) / Math.sqrt(1 - 0.95 ** 3) + 1e-8)) * (0.1 / (1 - 0.8 ** 3));
    expect(result.slots[0]!.map(values)).toEqual([[m], [v], [vMax]]);
    expect(values(result.params[0]!)).toEqual([theta]);
  });

  it('follows centered RMSprop with momentum, slots starting at zero', () => {
    const result = fusedOptimizerStep(rmsprop, [{ parameter: f64([1]), grad: f64([2]), step: 1, slots: [undefined, undefined, undefined] }])!;
    const square = 4 * (1 - 0.9);
    const average = 2 * (1 - 0.9);
    const buffer = 2 / (Math.sqrt(square - average * average) + 1e-8);
    expect(result.slots[0]!.map(values)).toEqual([[square], [average], [buffer]]);
    expect(values(result.params[0]!)).toEqual([1 - buffer * 0.01]);
  });

  it('returns null, for the composed update, without a kernel, when declined, or for mixed dtypes', () => {
    const update = { parameter: f64([1]), grad: f64([1]), step: 1, slots: [undefined] };
    const without: Backend = { ...cpu, optimizerStep: undefined };
    const p = fromArray([1], { dtype: 'float64', backend: without });
    expect(fusedOptimizerStep(sgd, [{ ...update, parameter: p, grad: p }])).toBeNull();
    const declining: Backend = { ...cpu, supportsOptimizerStep: ({ rule }) => rule.kind !== 'sgd' };
    const q = fromArray([1], { dtype: 'float64', backend: declining });
    expect(fusedOptimizerStep(sgd, [{ ...update, parameter: q, grad: q }])).toBeNull();
    expect(fusedOptimizerStep(sgd, [{ ...update, grad: fromArray([1], { dtype: 'float32', backend: cpu }) }])).toBeNull();
  });

  it('allocates exactly the new parameters and slots', () => {
    const inputs = [f64([1, 2, 3]), f64([0.1, 0.2, 0.3])];
    const before = numHandles(cpu);
    const result = fusedOptimizerStep(adam, [{ parameter: inputs[0]!, grad: inputs[1]!, step: 1, slots: [undefined, undefined, undefined] }])!;
    expect(numHandles(cpu)).toBe(before + 4);
    dispose([...result.params, ...result.slots.flat()]);
    expect(numHandles(cpu)).toBe(before);
  });

  it("rejects slots that do not fit the rule or the parameter's shape", () => {
    expect(() => fusedOptimizerStep(sgd, [{ parameter: f64([1]), grad: f64([1]), step: 1, slots: [] }])).toThrow(ArgumentError);
    expect(() => fusedOptimizerStep(sgd, [{ parameter: f64([1]), grad: f64([1, 2]), step: 1, slots: [undefined] }])).toThrow(ShapeError);
    expect(() => fusedOptimizerStep(sgd, [{ parameter: f64([1]), grad: f64([1]), step: 1, slots: [f64([1, 2])] }])).toThrow(ShapeError);
  });
});
