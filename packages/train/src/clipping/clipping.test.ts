import { createCpuBackend, fromArray, setBackend, variable, type Tensor, type Variable } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { clipGradNorm } from './clip-grad-norm.js';
import { clipGradValue } from './clip-grad-value.js';

setBackend(createCpuBackend());

const a = variable(fromArray(new Float64Array([0, 0])));
const b = variable(fromArray(new Float64Array([0])));
const gradsOf = (ga: number[], gb: number[]): Map<Variable, Tensor> =>
  new Map([
    [a, fromArray(new Float64Array(ga))],
    [b, fromArray(new Float64Array(gb))],
  ]);

describe('clipGradNorm', () => {
  it('reports the global norm before clipping and scales by maxNorm / (norm + 1e-6)', () => {
    const { grads, norm } = clipGradNorm(gradsOf([3, 0], [4]), 1);
    expect(norm).toBe(5);
    const scale = 1 / (5 + 1e-6);
    expect([...grads.get(a)!.dataSync()]).toEqual([3 * scale, 0]);
    expect([...grads.get(b)!.dataSync()]).toEqual([4 * scale]);
  });

  it('leaves gradients whose norm is within maxNorm unchanged', () => {
    const { grads, norm } = clipGradNorm(gradsOf([0.3, 0], [0.4]), 1);
    expect(norm).toBeCloseTo(0.5, 15);
    expect([...grads.get(a)!.dataSync()]).toEqual([0.3, 0]);
  });

  it('reports a non-finite norm and does not scale the gradients to hide it', () => {
    const { grads, norm } = clipGradNorm(gradsOf([Number.NaN, 1], [1]), 1);
    expect(norm).toBeNaN();
    expect(grads.get(b)!.dataSync()[0]).toBe(1);
    expect(clipGradNorm(gradsOf([Infinity, 1], [1]), 1).norm).toBe(Infinity);
  });
});

describe('clipGradValue', () => {
  it('clamps every element to [-value, value]', () => {
    const grads = clipGradValue(gradsOf([-3, 0.5], [2]), 1);
    expect([...grads.get(a)!.dataSync()]).toEqual([-1, 0.5]);
    expect([...grads.get(b)!.dataSync()]).toEqual([1]);
  });
});
