import { describe, expect, it } from 'vitest';
import type { Backend, DType } from '../backend/types.js';
import {
  ArgumentError,
  createCpuBackend,
  DTypeError,
  fromArray,
  Generator,
  mul,
  normal,
  numHandles,
  ShapeError,
  softmaxCrossEntropyWithIndices,
  sum,
  valueAndGrad,
  type Tensor,
} from '../index.js';

const cpu = createCpuBackend();
/** The same storage without the fused kernel, so the composed path runs. */
const composedView: Backend = { ...cpu, softmaxCrossEntropy: undefined };
/** The cpu backend, recording the `withGradient` flag of each fused call. */
const calls: boolean[] = [];
const fusedView: Backend = {
  ...cpu,
  softmaxCrossEntropy: (logits, targets, ignoreIndex, withGradient) => {
    calls.push(withGradient);
    return cpu.softmaxCrossEntropy!(logits, targets, ignoreIndex, withGradient);
  },
};

interface Problem {
  readonly logits: number[];
  readonly shape: number[];
  readonly targets: number[];
  readonly ignoreIndex?: number;
}

/** The loss and, under valueAndGrad with a seeded upstream gradient, dL/dlogits. */
function run(backend: Backend, dtype: DType, p: Problem): { loss: number[]; grad: number[] } {
  const logits = fromArray(Float64Array.from(p.logits), { shape: p.shape, dtype, backend });
  const targets = fromArray(new Int32Array(p.targets), { shape: p.shape.slice(0, -1), dtype: 'int32', backend });
  const upstream = fromArray(Float64Array.from(p.targets, (_, i) => 1 + 0.25 * i), { shape: targets.shape, dtype, backend });
  const f = (x: Tensor): Tensor => softmaxCrossEntropyWithIndices(x, targets, { ignoreIndex: p.ignoreIndex });
  const loss = f(logits);
  const { value, grads } = valueAndGrad((x: Tensor) => sum(mul(f(x), upstream)))(logits);
  const result = { loss: [...loss.dataSync()], grad: [...grads[0]!.dataSync()] };
  for (const t of [logits, targets, upstream, loss, value, ...grads]) t.dispose();
  return result;
}

const seeded = (shape: number[], scale: number, seed: number): number[] => {
  const t = normal(shape, { generator: new Generator(seed), dtype: 'float64', std: scale, backend: cpu });
  const values = [...t.dataSync()];
  t.dispose();
  return values;
};

/** |actual − expected| ≤ tolerance·(1 + |expected|), elementwise. */
function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    expect(Math.abs(v - expected[i]!), `element ${i}: ${v} vs ${expected[i]!}`).toBeLessThanOrEqual(tolerance * (1 + Math.abs(expected[i]!)));
  });
}

const problems: [string, Problem][] = [
  ['[4, 5]', { logits: seeded([4, 5], 2, 1), shape: [4, 5], targets: [0, 4, 2, 2] }],
  ['ignoreIndex -100 and an out-of-range target', { logits: seeded([4, 3], 1, 2), shape: [4, 3], targets: [1, -100, 3, 0], ignoreIndex: -100 }],
  ['ignoreIndex that is a valid class', { logits: seeded([3, 3], 1, 3), shape: [3, 3], targets: [0, 1, 2], ignoreIndex: 1 }],
  ['one class', { logits: seeded([3, 1], 1, 4), shape: [3, 1], targets: [0, 0, 0] }],
  ['one row', { logits: seeded([1, 6], 1, 5), shape: [1, 6], targets: [5] }],
  ['logits near ±80', { logits: [80, -80, 79, -79.5, 80, 0], shape: [2, 3], targets: [1, 0] }],
  ['[2, 3, 4] sequence logits', { logits: seeded([2, 3, 4], 1, 6), shape: [2, 3, 4], targets: [0, 1, 2, 3, 3, 0] }],
  ['no rows', { logits: [], shape: [0, 4], targets: [] }],
];

describe('softmaxCrossEntropyWithIndices', () => {
  it.each(problems)('fused equals composed in float64, loss and gradient (%s)', (_, p) => {
    const [fused, composed] = [run(fusedView, 'float64', p), run(composedView, 'float64', p)];
    expectClose(fused.loss, composed.loss, 1e-12);
    expectClose(fused.grad, composed.grad, 1e-12);
  });

  it.each(problems)('fused equals composed in float32 to float32 rounding (%s)', (_, p) => {
    const [fused, composed] = [run(fusedView, 'float32', p), run(composedView, 'float32', p)];
    expectClose(fused.loss, composed.loss, 1e-5);
    expectClose(fused.grad, composed.grad, 1e-6);
  });

  it('is −log softmax[target], 0 at ignored and out-of-range targets, with gradient softmax − onehot', () => {
    const row = [2, 0, -1];
    const total = row.reduce((s, v) => s + Math.exp(v), 0);
    const { loss, grad } = run(fusedView, 'float64', { logits: [...row, ...row, ...row], shape: [3, 3], targets: [0, -1, 2], ignoreIndex: 2 });
    expect(loss[0]).toBeCloseTo(Math.log(total) - 2, 14);
    expect(loss.slice(1)).toEqual([0, 0]);
    expect(grad.slice(0, 3)).toEqual(row.map((v, c) => expect.closeTo(Math.exp(v) / total - (c === 0 ? 1 : 0), 14) as unknown));
    expect(grad.slice(3)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('asks the kernel for the gradient only while a tape records, and leaks nothing', () => {
    calls.length = 0;
    const before = numHandles(cpu);
    run(fusedView, 'float64', problems[0]![1]);
    expect(calls).toEqual([false, true]);
    expect(numHandles(cpu)).toBe(before);
  });

  it('uses the composed path where the backend declines the dtype', () => {
    calls.length = 0;
    const declining: Backend = { ...fusedView, supportsSoftmaxCrossEntropy: (dtype) => dtype === 'float64' };
    expect(run(declining, 'float32', problems[0]![1])).toEqual(run(composedView, 'float32', problems[0]![1]));
    expect(calls).toEqual([]);
  });

  describe('errors', () => {
    const logits = fromArray([[1, 2, 3]], { backend: cpu });
    const targets = fromArray([0], { dtype: 'int32', backend: cpu });
    it('rejects integer logits and float targets', () => {
      expect(() => softmaxCrossEntropyWithIndices(targets, targets)).toThrow(DTypeError);
      expect(() => softmaxCrossEntropyWithIndices(logits, fromArray([0], { backend: cpu }))).toThrow(DTypeError);
    });
    it('rejects targets whose shape is not logits.shape[:-1], naming both shapes', () => {
      expect(() => softmaxCrossEntropyWithIndices(logits, fromArray([0, 1], { dtype: 'int32', backend: cpu }))).toThrow(ShapeError);
      expect(() => softmaxCrossEntropyWithIndices(logits, fromArray([0, 1], { dtype: 'int32', backend: cpu }))).toThrow(/\[1, 3\] and \[2\]/);
    });
    it('rejects scalar logits, an empty class axis and a fractional ignoreIndex', () => {
      expect(() => softmaxCrossEntropyWithIndices(fromArray(1, { backend: cpu }), fromArray(0, { dtype: 'int32', backend: cpu }))).toThrow(ArgumentError);
      expect(() => softmaxCrossEntropyWithIndices(fromArray([[]], { backend: cpu }), targets)).toThrow(ArgumentError);
      expect(() => softmaxCrossEntropyWithIndices(logits, targets, { ignoreIndex: 0.5 })).toThrow(ArgumentError);
    });
  });
});
