import { createCpuBackend, Generator, matmul, normal, setBackend, transpose, type Shape, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDifference, values } from '../testing/tensors.js';
import { identity } from './constant.js';
import { fans } from './initializer.js';
import { orthogonal } from './orthogonal.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const draw = (shape: Shape, gain = 1, seed = 3): Tensor =>
  orthogonal({ gain })(shape, { generator: new Generator(seed), dtype: 'float64', backend: undefined, ...fans(shape) });
const eye = (n: number): Tensor => identity()([n, n], { generator: new Generator(0), dtype: 'float64', backend: undefined, ...fans([n, n]) });

/** Classical Gram–Schmidt: the QR with a positive diagonal in R, computed independently. */
function gramSchmidt(a: number[], rows: number, columns: number): number[] {
  const q = new Array<number>(rows * columns).fill(0);
  for (let j = 0; j < columns; j++) {
    const v = Array.from({ length: rows }, (_, i) => a[i * columns + j]!);
    for (let k = 0; k < j; k++) {
      const dot = v.reduce((s, x, i) => s + x * q[i * columns + k]!, 0);
      v.forEach((_, i) => (v[i]! -= dot * q[i * columns + k]!));
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    v.forEach((x, i) => (q[i * columns + j] = x / norm));
  }
  return q;
}

describe('orthogonal', () => {
  it('gives a tall matrix orthonormal columns: QᵀQ = I', () => {
    const q = draw([12, 4]);
    expect(maxAbsDifference(matmul(q, q, { transposeA: true }), eye(4))).toBeLessThan(1e-14);
  });

  it('gives a wide matrix orthonormal rows: QQᵀ = I', () => {
    const q = draw([3, 8]);
    expect(maxAbsDifference(matmul(q, q, { transposeB: true }), eye(3))).toBeLessThan(1e-14);
  });

  it("is the Q with R's diagonal positive (PyTorch's sign correction) of the seeded normal draw", () => {
    const sample = values(normal([6, 4], { generator: new Generator(3), dtype: 'float64' }));
    const q = values(draw([6, 4]));
    const expected = gramSchmidt(sample, 6, 4);
    expect(Math.max(...q.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-12);
  });

  it('factors a wide matrix through its transpose, as PyTorch', () => {
    const sample = values(transpose(normal([3, 5], { generator: new Generator(3), dtype: 'float64' })));
    const expected = gramSchmidt(sample, 5, 3);
    const q = values(transpose(draw([3, 5])));
    expect(Math.max(...q.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-12);
  });

  it('scales by the gain and is reproducible from the seed', () => {
    expect(values(draw([4, 4], 2)).map((v) => v / 2)).toEqual(values(draw([4, 4], 1)));
    expect(values(draw([4, 4]))).toEqual(values(draw([4, 4])));
  });

  it("is made in the context's dtype, on the context's backend", () => {
    const backend = createCpuBackend();
    const shape = [4, 2];
    const q = orthogonal()(shape, { generator: new Generator(3), dtype: 'float32', backend, ...fans(shape) });
    expect([q.dtype, q.backend]).toEqual(['float32', backend]);
    expect(Math.max(...values(q).map((v, i) => Math.abs(v - values(draw([4, 2]))[i]!)))).toBeLessThan(1e-7);
  });

  it('rejects a vector', () => {
    expect(() => draw([4])).toThrow('orthogonal initializer: shape needs at least 2 dims, got [4]');
  });
});
