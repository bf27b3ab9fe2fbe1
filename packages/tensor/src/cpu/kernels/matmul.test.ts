import { describe, it, expect } from 'vitest';
import { matmulKernel, type FloatArray } from './matmul.js';

type Dtype = 'float32' | 'float64';

// Error bound relative to Σₖ|A(i,k)·B(k,j)|, the natural scale of a rounded dot product,
// so that entries which cancel to near zero are judged fairly.
const TOLERANCE: Record<Dtype, number> = { float32: 1e-5, float64: 1e-12 };

function alloc(dtype: Dtype, size: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

/** Deterministic values in [-1, 1) (mulberry32), so failures reproduce. */
function fillRandom(x: FloatArray, seed: number): void {
  let state = seed >>> 0;
  for (let i = 0; i < x.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    x[i] = (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  }
}

interface Operand {
  readonly data: FloatArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** A rows×cols row-major matrix at `offset` in a buffer of random values, rows `rowStride` apart. */
function matrix(dtype: Dtype, rows: number, cols: number, seed: number, offset = 0, rowStride = cols): Operand {
  const data = alloc(dtype, offset + rows * rowStride);
  fillRandom(data, seed);
  return { data, offset, rowStride, colStride: 1 };
}

/** The transpose as a view: same storage, strides swapped. */
function transpose(x: Operand): Operand {
  return { ...x, rowStride: x.colStride, colStride: x.rowStride };
}

function at(x: Operand, i: number, j: number): number {
  return x.data[x.offset + i * x.rowStride + j * x.colStride]!;
}

function multiply(a: Operand, b: Operand, out: FloatArray, outOffset: number, m: number, n: number, k: number): void {
  matmulKernel(
    a.data, a.offset, a.rowStride, a.colStride,
    b.data, b.offset, b.rowStride, b.colStride,
    out, outOffset, m, n, k,
  );
}

/** Checks out[outOffset…] against a naive triple loop in double precision. */
function expectProduct(
  dtype: Dtype, a: Operand, b: Operand, out: FloatArray, outOffset: number, m: number, n: number, k: number,
): void {
  const mismatches: string[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let scale = 0;
      for (let p = 0; p < k; p++) {
        const term = at(a, i, p) * at(b, p, j);
        sum += term;
        scale += Math.abs(term);
      }
      const got = out[outOffset + i * n + j]!;
      const error = Math.abs(got - sum);
      if (!(error <= TOLERANCE[dtype] * scale)) mismatches.push(`C(${i},${j}) = ${got}, expected ${sum}`);
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
}

function checkProduct(dtype: Dtype, m: number, n: number, k: number, transposeA = false, transposeB = false): void {
  // op(A) = Aᵀ with A stored [K,M] reads A(i,p) at p*M + i: row stride 1, column stride M.
  const a = transposeA ? transpose(matrix(dtype, k, m, 1)) : matrix(dtype, m, k, 1);
  const b = transposeB ? transpose(matrix(dtype, n, k, 2)) : matrix(dtype, k, n, 2);
  const out = alloc(dtype, m * n).fill(Number.NaN);
  multiply(a, b, out, 0, m, n, k);
  expectProduct(dtype, a, b, out, 0, m, n, k);
}

const DTYPES: readonly Dtype[] = ['float32', 'float64'];

// Shapes chosen to reach every path of the kernel: tiny, matrix-vector both ways, few rows or
// few columns (odd counts included), and sizes that cross its register-tile and cache-block
// edges in all three dimensions (tiles 4×3, blocks of 64 rows, 512 deep, 510 wide).
const SHAPES: readonly (readonly [m: number, n: number, k: number])[] = [
  [1, 1, 1],
  [5, 7, 3],
  [1, 200, 300],
  [300, 1, 200],
  [3, 37, 19],
  [37, 3, 19],
  [7, 9, 600],
  [8, 8, 8],
  [67, 130, 129],
  [13, 520, 40],
  [9, 11, 1100],
];

describe('matmulKernel', () => {
  for (const dtype of DTYPES) {
    describe(dtype, () => {
      for (const [m, n, k] of SHAPES) {
        it(`multiplies untransposed ${m}×${k} by ${k}×${n} like a naive triple loop`, () => {
          checkProduct(dtype, m, n, k);
        });
      }

      for (const [transposeA, transposeB] of [[true, false], [false, true], [true, true]] as const) {
        const label = `${transposeA ? 'Aᵀ' : 'A'}·${transposeB ? 'Bᵀ' : 'B'}`;
        for (const [m, n, k] of SHAPES) {
          it(`computes ${label} from transposed storage for m=${m}, n=${n}, k=${k}`, () => {
            checkProduct(dtype, m, n, k, transposeA, transposeB);
          });
        }
      }

      it('reads each of two matrices packed in one buffer at its offset and writes only its own C', () => {
        const [m, n, k] = [10, 9, 11];
        const aData = alloc(dtype, 2 * m * k);
        const bData = alloc(dtype, 2 * k * n);
        fillRandom(aData, 3);
        fillRandom(bData, 4);
        const out = alloc(dtype, 1 + 2 * m * n + 1).fill(-7);
        const pair = [0, 1].map((entry) => ({
          a: { data: aData, offset: entry * m * k, rowStride: k, colStride: 1 },
          b: { data: bData, offset: entry * k * n, rowStride: n, colStride: 1 },
          outOffset: 1 + entry * m * n,
        }));
        for (const { a, b, outOffset } of pair) multiply(a, b, out, outOffset, m, n, k);
        for (const { a, b, outOffset } of pair) expectProduct(dtype, a, b, out, outOffset, m, n, k);
        expect([out[0], out[1 + 2 * m * n]]).toEqual([-7, -7]);
      });

      it('reads sub-matrices whose stored rows are longer than the matrix, transposed or not', () => {
        const [m, n, k] = [20, 15, 12];
        const a = matrix(dtype, m, k, 5, 3, k + 5);
        const b = transpose(matrix(dtype, n, k, 6, 1, k + 2));
        const out = alloc(dtype, m * n);
        multiply(a, b, out, 0, m, n, k);
        expectProduct(dtype, a, b, out, 0, m, n, k);
      });

      it('overwrites C with zeros when k = 0, leaving the rest of the buffer alone', () => {
        const out = alloc(dtype, 2 + 3 * 4 + 1).fill(5);
        const empty = alloc(dtype, 0);
        matmulKernel(empty, 0, 0, 1, empty, 0, 4, 1, out, 2, 3, 4, 0);
        expect(Array.from(out)).toEqual([5, 5, ...new Array<number>(12).fill(0), 5]);
      });

      it('writes nothing when m = 0 or n = 0', () => {
        const a = matrix(dtype, 4, 4, 7);
        const out = alloc(dtype, 4).fill(5);
        multiply(a, a, out, 0, 0, 4, 4);
        multiply(a, a, out, 0, 4, 0, 4);
        expect(Array.from(out)).toEqual([5, 5, 5, 5]);
      });

      it('ignores scratch contents left by a larger earlier product', () => {
        checkProduct(dtype, 90, 80, 700);
        checkProduct(dtype, 6, 5, 3);
        checkProduct(dtype, 17, 22, 9);
      });
    });
  }
});
