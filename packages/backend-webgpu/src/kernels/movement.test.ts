// What the shared suite cannot show on small tensors: copies past 65 535·64 elements, ranks
// above 8 that collapse, concat along inner axes of many inputs, out-of-range indices staying
// inside buffers, and scatterAdd with heavily repeated indices (bit-exact, deterministic).
import { concatKernel, gatherKernel, permuteKernel, scatterAddKernel, sliceKernel } from '@rnn/tensor/kernels';
import type { Shape } from '@rnn/tensor/backend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../backend.js';
import { createTestBackend, noGpuReason } from '../testing/gpu.js';
import { expectSameValues, harness, uniformValues } from './testing.js';

const sizeOf = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);

describe.skipIf(noGpuReason !== null)('webgpu movement kernels', () => {
  // A fresh backend per test, so a leak reported by one test cannot fail the next.
  let backend: WebGpuBackend;
  beforeEach(async () => {
    backend = await createTestBackend();
  });
  afterEach(() => { backend.destroy(); });

  it('transposes, slices and reverses more than 65 535·64 elements', async () => {
    const h = harness(backend);
    const shape = [2100, 2000];
    const values = uniformValues(sizeOf(shape), 1);
    const x = h.input(values, shape);
    const transposed = new Float32Array(values.length);
    permuteKernel(values, shape, [1, 0], transposed);
    expectSameValues(await h.output(backend.permute(x, [1, 0]), [2000, 2100]), transposed);
    const sliced = new Float32Array(2099 * 1999);
    sliceKernel(values, shape, [1, 1], [2099, 1999], sliced);
    expectSameValues(await h.output(backend.slice(x, [1, 1], [2099, 1999]), [2099, 1999]), sliced);
    expectSameValues(await h.output(backend.reverse(x, [0, 1]), shape), values.slice().reverse());
    h.done();
  });

  it('permutes and slices rank-10 tensors whose dims collapse to rank ≤ 8', async () => {
    const h = harness(backend);
    const shape = [2, 1, 3, 1, 2, 1, 2, 1, 2, 3];
    const values = uniformValues(sizeOf(shape), 2);
    const x = h.input(values, shape);
    const perm = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    const want = new Float32Array(values.length);
    permuteKernel(values, shape, perm, want);
    expect(await h.output(backend.permute(x, perm), perm.map((p) => shape[p]!))).toEqual(want);
    const begin = [1, 0, 1, 0, 0, 0, 1, 0, 0, 1];
    const size = [1, 1, 2, 1, 2, 1, 1, 1, 2, 2];
    const box = new Float32Array(sizeOf(size));
    sliceKernel(values, shape, begin, size, box);
    expect(await h.output(backend.slice(x, begin, size), size)).toEqual(box);
    h.done();
  });

  it('concatenates many int32 and bool inputs along an inner axis', async () => {
    const h = harness(backend);
    const shapes = [3, 0, 1, 5, 2].map((n) => [4, n, 3]);
    const parts = shapes.map((s, k) => Int32Array.from({ length: sizeOf(s) }, (_, i) => i * 7 - k));
    const want = new Int32Array(4 * 11 * 3);
    concatKernel(parts, shapes, 1, want);
    const ints = parts.map((p, k) => h.input(p, shapes[k]!, 'int32'));
    expect(await h.output(backend.concat(ints, 1), [4, 11, 3], 'int32')).toEqual(want);
    const bools = parts.map((p, k) => h.input(p.map((v) => v & 1), shapes[k]!, 'bool'));
    expect(await h.output(backend.concat(bools, 1), [4, 11, 3], 'bool')).toEqual(Uint8Array.from(want, (v) => v & 1));
    h.done();
  });

  it('writes zeros for out-of-range gather indices and leaves everything else intact', async () => {
    const h = harness(backend);
    const table = h.input([1, 2, 3, 4, 5, 6], [3, 2]);
    const indices = h.input([2, -1, 3, 2 ** 31 - 1, -(2 ** 31), 0], [6], 'int32');
    expect(await h.output(backend.gather(table, indices, 0), [6, 2])).toEqual(Float32Array.of(5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2));
    expect(await h.output(backend.gather(table, h.input([1, 2, -5], [3], 'int32'), 1), [3, 3])).toEqual(Float32Array.of(2, 0, 0, 4, 0, 0, 6, 0, 0));
    expect(await backend.read(table)).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
    h.done();
  });

  it('scatterAdd accumulates heavily repeated indices bit-for-bit as the cpu reference, on every run', async () => {
    const h = harness(backend);
    const rows = 100;
    const count = 4096;
    // Half the indices name row 7 (a padding token), the rest spread over all rows.
    const ids = Int32Array.from(uniformValues(count, 3), (v, j) => (j % 2 === 0 ? 7 : Math.floor(v * rows)));
    for (const [outShape, axis] of [
      [[rows, 64], 0],
      [[3, rows, 5], 1],
    ] as const) {
      const updateShape = [...outShape.slice(0, axis), count, ...outShape.slice(axis + 1)];
      const updates = uniformValues(sizeOf(updateShape), 4, -1, 1);
      const want = new Float32Array(sizeOf(outShape));
      scatterAddKernel(ids, updates, outShape, axis, want);
      const indices = h.input(ids, [count], 'int32');
      const u = h.input(updates, updateShape);
      const first = await h.output(backend.scatterAdd(indices, u, axis, outShape), outShape);
      const second = await h.output(backend.scatterAdd(indices, u, axis, outShape), outShape);
      expectSameValues(first, want);
      expectSameValues(second, first);
    }
    h.done();
  });

  it('scatterAdd drops out-of-range indices and takes 2-D index tensors', async () => {
    const h = harness(backend);
    const indices = h.input([1, -1, 3, 1, 9, 0], [2, 3], 'int32');
    const updates = h.input([1, 2, 4, 8, 16, 32], [2, 3], 'float32');
    expect(await h.output(backend.scatterAdd(indices, updates, 0, [4]), [4])).toEqual(Float32Array.of(32, 9, 0, 4));
    h.done();
  });

  it('gather and scatterAdd are adjoint on an embedding-sized table', async () => {
    const h = harness(backend);
    const [vocab, width, count] = [1000, 128, 2048];
    const ids = Int32Array.from(uniformValues(count, 5), (v) => Math.floor(v * v * vocab));
    const values = uniformValues(vocab * width, 6);
    const gathered = new Float32Array(count * width);
    gatherKernel(values, [vocab, width], ids, 0, gathered);
    const indices = h.input(ids, [count], 'int32');
    expectSameValues(await h.output(backend.gather(h.input(values, [vocab, width]), indices, 0), [count, width]), gathered);
    const want = new Float32Array(vocab * width);
    scatterAddKernel(ids, gathered, [vocab, width], 0, want);
    expectSameValues(await h.output(backend.scatterAdd(indices, h.input(gathered, [count, width]), 0, [vocab, width]), [vocab, width]), want);
    h.done();
  });
});
