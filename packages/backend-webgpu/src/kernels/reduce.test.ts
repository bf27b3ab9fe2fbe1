// What the shared suite cannot show on small tensors: accuracy of long float32 sums, every
// pass shape (loop and tree, chunked, past the 65 535-workgroup limit), NaN and ties far apart
// in long rows, int32 wrap-around and bool inputs.
import { argReduceKernel, reduceKernel } from '@rnn/tensor/kernels';
import type { ReduceOp, Shape } from '@rnn/tensor/backend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../backend.js';
import { createTestBackend, noGpuReason } from '../testing/gpu.js';
import { expectSameValues, harness, uniformValues } from './testing.js';

const sizeOf = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);
const keptShape = (shape: Shape, axes: readonly number[]): number[] => shape.filter((_, i) => !axes.includes(i));

/** The reduction in float64 (the oracle for float32 sums). */
function exactReduce(op: ReduceOp, values: Float32Array, shape: Shape, axes: readonly number[]): Float64Array {
  const out = new Float64Array(sizeOf(keptShape(shape, axes)));
  reduceKernel(op, Float64Array.from(values), shape, axes, out);
  return out;
}

describe.skipIf(noGpuReason !== null)('webgpu reduce kernels', () => {
  // A fresh backend per test, so a leak reported by one test cannot fail the next.
  let backend: WebGpuBackend;
  beforeEach(async () => {
    backend = await createTestBackend();
  });
  afterEach(() => { backend.destroy(); });

  it('sums 2²⁰ float32 values with the error of a pairwise sum, far below a sequential one', async () => {
    const h = harness(backend);
    const n = 2 ** 20 + 3;
    const values = uniformValues(n, 1);
    const exact = exactReduce('sum', values, [n], [0])[0]!;
    const [sum] = await h.output<Float32Array>(backend.reduce('sum', h.input(values, [n]), [0]), []);
    let sequential = 0;
    for (const v of values) sequential = Math.fround(sequential + v);
    // The bound must tell the two apart, or this test could not fail.
    expect(Math.abs(sequential - exact) / exact).toBeGreaterThan(1e-5);
    expect(Math.abs(sum! - exact) / exact).toBeLessThan(1e-6);
    h.done();
  });

  it('reduces every set of axes of [6, 50, 40] (strided loops, trees, chunked trees)', async () => {
    const h = harness(backend);
    const shape = [6, 50, 40];
    const values = uniformValues(sizeOf(shape), 2, -1, 1);
    const x = h.input(values, shape);
    for (const axes of [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]) {
      for (const op of ['sum', 'max', 'min'] as const) {
        const got = await h.output<Float32Array>(backend.reduce(op, x, axes), keptShape(shape, axes));
        const want = exactReduce(op, values, shape, axes);
        // float32 rounding grows with the number of terms; a wrong element is off by ~1.
        const tolerance = 1e-6 * sizeOf(shape.filter((_, i) => axes.includes(i)));
        want.forEach((w, i) => { expect(Math.abs(got[i]! - w), `${op} over [${axes.join(',')}] at ${i}`).toBeLessThanOrEqual(tolerance); });
      }
    }
    h.done();
  });

  it('sums long strided columns accurately and takes their exact max ([3000, 257] over axis 0)', async () => {
    const h = harness(backend);
    const shape = [3000, 257];
    const values = uniformValues(sizeOf(shape), 3);
    const x = h.input(values, shape);
    const sums = await h.output<Float32Array>(backend.reduce('sum', x, [0]), [257]);
    exactReduce('sum', values, shape, [0]).forEach((w, i) => { expect(Math.abs(sums[i]! - w) / w).toBeLessThan(1e-6); });
    const maxima = await h.output<Float32Array>(backend.reduce('max', x, [0]), [257]);
    expect(maxima).toEqual(Float32Array.from(exactReduce('max', values, shape, [0])));
    h.done();
  });

  it('covers more than 65 535 workgroups in tree passes and 65 535·64 invocations in loop passes', async () => {
    const h = harness(backend);
    const rows = [70_000, 64];
    const values = uniformValues(sizeOf(rows), 4);
    const rowSums = await h.output<Float32Array>(backend.reduce('sum', h.input(values, rows), [1]), [70_000]);
    exactReduce('sum', values, rows, [1]).forEach((w, i) => {
      if (Math.abs(rowSums[i]! - w) > 1e-4) expect.fail(`row ${i}: ${rowSums[i]} ≠ ${w}`);
    });
    const columns = [2, 4_200_000];
    const pairs = uniformValues(sizeOf(columns), 5);
    const maxima = await h.output<Float32Array>(backend.reduce('max', h.input(pairs, columns), [0]), [4_200_000]);
    expectSameValues(maxima, Float32Array.from(exactReduce('max', pairs, columns, [0])));
    h.done();
  });

  it('propagates NaN in max/min and points argmax/argmin at the first NaN, in short and long rows', async () => {
    const h = harness(backend);
    for (const length of [5, 5000]) {
      const values = uniformValues(2 * length, 6);
      values[length + Math.floor(length * 0.8)] = NaN;
      values[length + Math.floor(length * 0.9)] = NaN;
      const x = h.input(values, [2, length]);
      for (const op of ['max', 'min'] as const) {
        const got = await h.output<Float32Array>(backend.reduce(op, x, [1]), [2]);
        expect(got[0]).toBe(exactReduce(op, values, [2, length], [1])[0]);
        expect(got[1]).toBeNaN();
      }
      for (const op of ['argmax', 'argmin'] as const) {
        const want = new Int32Array(2);
        argReduceKernel(op, values, [2, length], 1, want);
        expect(await h.output(backend.argReduce(op, x, 1), [2], 'int32')).toEqual(want);
        expect(want[1]).toBe(Math.floor(length * 0.8));
      }
    }
    h.done();
  });

  it('takes the first of tied extremes far apart in a long row, and along strided axes', async () => {
    const h = harness(backend);
    const values = uniformValues(5000, 7);
    values[1234] = values[3001] = 2;
    values[600] = values[4999] = -1;
    const x = h.input(values, [5000]);
    expect(await h.output(backend.argReduce('argmax', x, 0), [], 'int32')).toEqual(Int32Array.of(1234));
    expect(await h.output(backend.argReduce('argmin', x, 0), [], 'int32')).toEqual(Int32Array.of(600));
    const shape = [7, 300, 3];
    const grid = uniformValues(sizeOf(shape), 8).map((v) => Math.round(v * 4));
    const y = h.input(grid, shape);
    for (const axis of [0, 1, 2]) {
      for (const op of ['argmax', 'argmin'] as const) {
        const want = new Int32Array(sizeOf(keptShape(shape, [axis])));
        argReduceKernel(op, grid, shape, axis, want);
        expect(await h.output(backend.argReduce(op, y, axis), keptShape(shape, [axis]), 'int32')).toEqual(want);
      }
    }
    h.done();
  });

  it('returns ±Infinity when every element is ±Infinity (the identities are the infinities)', async () => {
    const h = harness(backend);
    for (const length of [3, 3000]) {
      const x = h.input(new Float32Array(length).fill(-Infinity), [length]);
      const y = h.input(new Float32Array(length).fill(Infinity), [length]);
      expect(await h.output(backend.reduce('max', x, [0]), [])).toEqual(Float32Array.of(-Infinity));
      expect(await h.output(backend.reduce('min', y, [0]), [])).toEqual(Float32Array.of(Infinity));
    }
    h.done();
  });

  it('wraps int32 sums as Int32Array does and reduces int32 and bool extremes exactly', async () => {
    const h = harness(backend);
    const big = 2 ** 30 + 7;
    const x = h.input(new Int32Array(5000).fill(big), [5000], 'int32');
    const wrapped = Number(BigInt.asIntN(32, 5000n * BigInt(big)));
    expect(await h.output(backend.reduce('sum', x, [0]), [], 'int32')).toEqual(Int32Array.of(wrapped));
    const ints = Int32Array.from(uniformValues(4000, 9, -1e9, 1e9));
    const y = h.input(ints, [2, 2000], 'int32');
    for (const op of ['max', 'min'] as const) {
      const want = new Int32Array(2);
      reduceKernel(op, ints, [2, 2000], [1], want);
      expect(await h.output(backend.reduce(op, y, [1]), [2], 'int32')).toEqual(want);
    }
    const bools = h.input([0, 0, 1, 1, 1, 1], [2, 3], 'bool');
    expect(await h.output(backend.reduce('max', bools, [1]), [2], 'bool')).toEqual(Uint8Array.of(1, 1));
    expect(await h.output(backend.reduce('min', bools, [1]), [2], 'bool')).toEqual(Uint8Array.of(0, 1));
    h.done();
  });
});
