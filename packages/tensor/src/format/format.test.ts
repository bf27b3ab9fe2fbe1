import { beforeAll, describe, expect, it } from 'vitest';
import { arange, createCpuBackend, fromArray, reshape, scalar, setBackend, zeros } from '../index.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

// Each expected string is what PyTorch prints for the same values (dtype names without `torch.`).
describe('toString prints like PyTorch', () => {
  it('prints integral floats with a trailing dot', () => {
    expect(fromArray([1, 2, 3]).toString()).toBe('tensor([1., 2., 3.])');
  });

  it('prints other floats with four decimals, right-aligned', () => {
    expect(fromArray([[1.5, -2], [3.25, 10]]).toString()).toBe('tensor([[ 1.5000, -2.0000],\n        [ 3.2500, 10.0000]])');
  });

  it('switches to scientific notation when magnitudes span more than 1000×', () => {
    expect(fromArray([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
  });

  it('shows non-default dtypes', () => {
    expect(fromArray(new Float64Array([0.5])).toString()).toBe('tensor([0.5000], dtype=float64)');
    expect(arange(3).toString()).toBe('tensor([0, 1, 2], dtype=int32)');
    expect(fromArray([true, false]).toString()).toBe('tensor([ True, False], dtype=bool)');
  });

  it('prints scalars, empty tensors and blank lines between matrices', () => {
    expect(scalar(3.5).toString()).toBe('tensor(3.5000)');
    expect(zeros([0, 3]).toString()).toBe('tensor([], size=(0, 3))');
    expect(reshape(arange(8), [2, 2, 2]).toString()).toBe(
      'tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]], dtype=int32)',
    );
  });

  it('summarises tensors over 1000 elements with ...', () => {
    expect(arange(2000).toString()).toBe('tensor([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)');
  });

  it('prints nan and inf', () => {
    expect(fromArray([Number.NaN, Infinity, 1.5]).toString()).toBe('tensor([   nan,    inf, 1.5000])');
  });
});
