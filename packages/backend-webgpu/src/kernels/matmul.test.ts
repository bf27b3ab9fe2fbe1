// What the shared suite cannot show on small tensors: every tile shape on sizes that leave
// partial tiles in M, N and K under all four transpose combinations, batch broadcasts that need
// several dispatches, grids past the workgroups-per-dimension limit, exact int32 products, the
// `encodeMatmul` contract (offsets, batch strides, broadcast, accumulate), K = 0 over a reused
// (dirty) buffer, and the float16 path's error bound.
import { batchedMatmul } from '@rnn/tensor/kernels';
import type { Shape, TensorSpec } from '@rnn/tensor/backend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../backend.js';
import { asHandle, type GpuTensor } from '../core/buffer.js';
import { GpuContext } from '../core/context.js';
import { Transfers } from '../core/transfer.js';
import { createTestBackend, noGpuReason } from '../testing/gpu.js';
import { planBatch } from './matmul/batch-plan.js';
import { checkTile, LARGE_TILE, SMALL_TILE, WIDE_TILE } from './matmul/tiled.js';
import { encodeMatmul } from './matmul.js';
import { harness, uniformValues } from './testing.js';

const sizeOf = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);
const stored = (m: number, k: number, transposed: boolean): number[] => (transposed ? [k, m] : [m, k]);

/** The product in float64, and the product of the absolute values (the scale of its rounding error). */
function reference(a: Float32Array, aShape: Shape, tA: boolean, b: Float32Array, bShape: Shape, tB: boolean, outShape: Shape): { exact: Float64Array; scale: Float64Array } {
  const exact = new Float64Array(sizeOf(outShape));
  const scale = new Float64Array(sizeOf(outShape));
  batchedMatmul(Float64Array.from(a), aShape, tA, Float64Array.from(b), bShape, tB, exact, outShape);
  batchedMatmul(Float64Array.from(a, Math.abs), aShape, tA, Float64Array.from(b, Math.abs), bShape, tB, scale, outShape);
  return { exact, scale };
}

/** The largest `|actual − exact| / scale` (0 where both are 0). */
function worstRelativeError(actual: ArrayLike<number>, exact: Float64Array, scale: Float64Array): number {
  expect(actual.length).toBe(exact.length);
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    const error = Math.abs(actual[i]! - exact[i]!);
    if (error > 0) worst = Math.max(worst, error / scale[i]!);
  }
  return worst;
}

/** A float32 sum of K products rounds K times: the bound `K·2⁻²⁴` on the relative error, with room. */
const float32Bound = (k: number): number => 2 * Math.max(k, 1) * 2 ** -24;

/** `device` as the context sees it, with `maxComputeWorkgroupsPerDimension` lowered (its methods stay the device's own). */
function deviceWithWorkgroupLimit(device: GPUDevice, maxComputeWorkgroupsPerDimension: number): GPUDevice {
  const limits = { maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize, maxBufferSize: device.limits.maxBufferSize, minUniformBufferOffsetAlignment: device.limits.minUniformBufferOffsetAlignment, maxComputeWorkgroupsPerDimension };
  return new Proxy(device, {
    get(target, key) {
      if (key === 'limits') return limits;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('tile configs', () => {
  it.each([LARGE_TILE, SMALL_TILE, WIDE_TILE])('$name fits 256 invocations and 16 KiB of workgroup memory', (tile) => {
    expect(() => { checkTile(tile); }).not.toThrow();
  });

  it('rejects a tile past the portable limits', () => {
    expect(() => { checkTile({ name: 'too deep', rows: 64, cols: 128, depth: 32 }); }).toThrow(RangeError);
  });
});

describe('planBatch', () => {
  it('collapses batch dims every operand steps through as one into a single dispatch', () => {
    const plan = planBatch([2, 3, 4, 5], [2, 3, 5, 6], [2, 3, 4, 6]);
    expect(plan).toEqual({ batch: 6, aStride: 20, bStride: 30, dispatches: [{ aOffset: 0, bOffset: 0, outOffset: 0 }] });
  });

  it('broadcasts a missing or size-1 batch dim with stride 0', () => {
    expect(planBatch([4, 5], [3, 5, 6], [3, 4, 6])).toEqual({ batch: 3, aStride: 0, bStride: 30, dispatches: [{ aOffset: 0, bOffset: 0, outOffset: 0 }] });
    expect(planBatch([4, 5], [5, 6], [4, 6])).toEqual({ batch: 1, aStride: 0, bStride: 0, dispatches: [{ aOffset: 0, bOffset: 0, outOffset: 0 }] });
  });

  it('loops over outer dims on the host where operands broadcast differently on several dims', () => {
    const plan = planBatch([2, 1, 4, 5], [3, 5, 6], [2, 3, 4, 6]);
    expect(plan.batch).toBe(3);
    expect([plan.aStride, plan.bStride]).toEqual([0, 30]);
    expect(plan.dispatches).toEqual([
      { aOffset: 0, bOffset: 0, outOffset: 0 },
      { aOffset: 20, bOffset: 0, outOffset: 72 },
    ]);
  });
});

describe.skipIf(noGpuReason !== null)('webgpu matmul kernels', () => {
  // A fresh backend per test, so a leak reported by one test cannot fail the next.
  let backend: WebGpuBackend;
  beforeEach(async () => {
    backend = await createTestBackend();
  });
  afterEach(() => {
    backend.destroy();
  });

  /** Runs `backend.matmul` on seeded values and returns the worst relative error against float64. */
  async function productError(aShape: Shape, bShape: Shape, tA: boolean, tB: boolean, outShape: Shape, seed: number): Promise<number> {
    const h = harness(backend);
    const a = uniformValues(sizeOf(aShape), seed, -1, 1);
    const b = uniformValues(sizeOf(bShape), seed + 1, -1, 1);
    const out = await h.output<Float32Array>(backend.matmul(h.input(a, aShape), h.input(b, bShape), tA, tB, outShape), outShape);
    h.done();
    const { exact, scale } = reference(a, aShape, tA, b, bShape, tB, outShape);
    return worstRelativeError(out, exact, scale);
  }

  // [M, K, N]: 64×64 tiles with partial tiles everywhere; 16-row tiles; 32×32 tiles; one dot product.
  const sizes = [
    [257, 65, 129],
    [5, 70, 300],
    [40, 17, 33],
    [1, 1000, 1],
  ] as const;
  for (const [m, k, n] of sizes) {
    it(`multiplies ${m}×${k}·${k}×${n} under every transpose combination`, async () => {
      for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const error = await productError(stored(m, k, tA), stored(k, n, tB), tA, tB, [m, n], m + k + n);
        expect(error, `transposeA ${tA}, transposeB ${tB}`).toBeLessThan(float32Bound(k));
      }
    });
  }

  it('broadcasts batch dims that need several dispatches ([2, 1, 3]·[4, 1] batches)', async () => {
    const [m, k, n] = [7, 9, 5];
    const before = backend.stats().dispatches;
    const error = await productError([2, 1, 3, k, m], [4, 1, k, n], true, false, [2, 4, 3, m, n], 7);
    expect(error).toBeLessThan(float32Bound(k));
    // Collapsed batch [2, 4, 3] with strides a [3mk, 0, mk], b [0, kn, 0]: an outer loop of 2·4.
    expect(backend.stats().dispatches - before).toBe(8);
  });

  it('multiplies int32 exactly, wrapping on overflow as Int32Array does', async () => {
    const h = harness(backend);
    const [m, k, n] = [67, 33, 70];
    const ints = (length: number, seed: number): Int32Array => Int32Array.from(uniformValues(length, seed, -1000, 1000), Math.trunc);
    const [a, b] = [ints(m * k, 1), ints(k * n, 2)];
    const out = await h.output<Int32Array>(backend.matmul(h.input(a, [m, k], 'int32'), h.input(b, [k, n], 'int32'), false, false, [m, n]), [m, n], 'int32');
    const exact = new Float64Array(m * n);
    batchedMatmul(Float64Array.from(a), [m, k], false, Float64Array.from(b), [k, n], false, exact, [m, n]);
    expect([...out]).toEqual([...Int32Array.from(exact)]);
    const big = h.input([2 ** 30, 2 ** 30], [1, 2], 'int32');
    const wrapped = await h.output<Int32Array>(backend.matmul(big, h.input([4, 3], [2, 1], 'int32'), false, false, [1, 1]), [1, 1], 'int32');
    expect(wrapped[0]).toBe((7 * 2 ** 30) | 0);
    h.done();
  });

  it('writes zeros for K = 0, also into storage that held other values', async () => {
    const h = harness(backend);
    // Freed storage of the output's size class goes back to the pool and is handed out again.
    backend.dispose(backend.write(new Float32Array(12).fill(7), [3, 4], 'float32'));
    const out = await h.output<Float32Array>(backend.matmul(h.input([], [3, 0]), h.input([], [0, 4]), false, false, [3, 4]), [3, 4]);
    expect([...out]).toEqual(new Array<number>(12).fill(0));
    h.done();
  });

  describe('encodeMatmul', () => {
    let ctx: GpuContext;
    let io: Transfers;
    /** A context on the backend's device, optionally claiming a lower workgroups-per-dimension limit. */
    const useContext = (maxWorkgroups?: number): void => {
      const device = maxWorkgroups === undefined ? backend.device : deviceWithWorkgroupLimit(backend.device, maxWorkgroups);
      ctx = new GpuContext(device, { shaderF16: false, maxPooledBytes: 1 << 24 });
      io = new Transfers(ctx);
    };
    beforeEach(() => {
      useContext();
    });
    const spec = (t: GpuTensor): TensorSpec => ({ handle: asHandle(t), shape: [t.length], dtype: t.dtype });
    afterEach(() => {
      io.destroy();
      ctx.destroy();
    });

    it('reads operands at offsets with per-operand batch strides (0 broadcasts) and writes only its region', async () => {
      const [m, k, n, batch] = [19, 21, 23, 3];
      // a: 5 elements of padding, then 3 matrices [K, M] (transposed) 7 elements apart; b: one [K, N] for every entry.
      const aStride = m * k + 7;
      const a = uniformValues(5 + batch * aStride, 1, -1, 1);
      const b = uniformValues(3 + k * n, 2, -1, 1);
      const sentinel = 42;
      const outLength = 11 + batch * m * n + 4;
      const [ta, tb, to] = [io.write(a, [a.length], 'float32'), io.write(b, [b.length], 'float32'), io.write(new Float32Array(outLength).fill(sentinel), [outLength], 'float32')];
      encodeMatmul(ctx, { a: ta, aOffset: 5, aBatchStride: aStride, transposeA: true, b: tb, bOffset: 3, bBatchStride: 0, transposeB: false, out: to, outOffset: 11, m, n, k, batch });
      const [out] = (await io.readMany([spec(to)])) as [Float32Array];
      for (const t of [ta, tb, to]) ctx.release(t);
      expect(ctx.numLive).toBe(0);
      expect([...out.subarray(0, 11), ...out.subarray(11 + batch * m * n)]).toEqual(new Array<number>(15).fill(sentinel));
      for (let e = 0; e < batch; e++) {
        const ae = a.subarray(5 + e * aStride, 5 + e * aStride + m * k);
        const { exact, scale } = reference(ae, [k, m], true, b.subarray(3), [k, n], false, [m, n]);
        expect(worstRelativeError(out.subarray(11 + e * m * n, 11 + (e + 1) * m * n), exact, scale), `entry ${e}`).toBeLessThan(float32Bound(k));
      }
    });

    it('splits a grid past the workgroups-per-dimension limit over batch, rows and columns (limit 2 here)', async () => {
      io.destroy();
      ctx.destroy();
      useContext(2);
      // 64×64 tiles, at most 2 per dimension: 261 rows in 3 pieces, 198 columns in 2, 3 batch entries in 2.
      const [m, k, n, batch] = [261, 20, 198, 3];
      for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const a = uniformValues(batch * m * k, 31, -1, 1);
        const b = uniformValues(batch * k * n, 32, -1, 1);
        const [ta, tb, to] = [io.write(a, [a.length], 'float32'), io.write(b, [b.length], 'float32'), ctx.allocate('test', 'float32', batch * m * n)];
        const before = ctx.stream.stats.dispatches;
        encodeMatmul(ctx, { a: ta, transposeA: tA, b: tb, transposeB: tB, out: to, m, n, k, batch });
        expect(ctx.stream.stats.dispatches - before).toBe(2 * 3 * 2);
        const [out] = (await io.readMany([spec(to)])) as [Float32Array];
        for (const t of [ta, tb, to]) ctx.release(t);
        const { exact, scale } = reference(a, [batch, ...stored(m, k, tA)], tA, b, [batch, ...stored(k, n, tB)], tB, [batch, m, n]);
        expect(worstRelativeError(out, exact, scale), `transposeA ${tA}, transposeB ${tB}`).toBeLessThan(float32Bound(k));
      }
    });

    it('adds the product to the output with accumulate, and leaves it as it was for K = 0', async () => {
      const [m, k, n] = [33, 40, 65];
      const a = uniformValues(m * k, 3, -1, 1);
      const b = uniformValues(n * k, 4, -1, 1);
      const start = uniformValues(m * n, 5, -1, 1);
      const [ta, tb, to, untouched] = [io.write(a, [m * k], 'float32'), io.write(b, [n * k], 'float32'), io.write(start, [m * n], 'float32'), io.write(start, [m * n], 'float32')];
      encodeMatmul(ctx, { a: ta, transposeA: false, b: tb, transposeB: true, out: to, m, n, k, accumulate: true });
      encodeMatmul(ctx, { a: ta, transposeA: false, b: tb, transposeB: true, out: untouched, m, n, k: 0, accumulate: true });
      const [out, same] = (await io.readMany([spec(to), spec(untouched)])) as [Float32Array, Float32Array];
      for (const t of [ta, tb, to, untouched]) ctx.release(t);
      expect([...same]).toEqual([...start]);
      const { exact, scale } = reference(a, [m, k], false, b, [n, k], true, [m, n]);
      exact.forEach((v, i) => (exact[i] = v + start[i]!));
      scale.forEach((v, i) => (scale[i] = v + Math.abs(start[i]!)));
      expect(worstRelativeError(out, exact, scale)).toBeLessThan(float32Bound(k + 1));
    });
  });
});

describe.skipIf(noGpuReason !== null)('webgpu matmul with shaderF16', () => {
  it('stays within its documented bound (1·10⁻³ + K·6·10⁻⁸)·(|A|·|B|), and really rounds inputs to f16', async ({ skip }) => {
    const backend = await createTestBackend({ shaderF16: true }).catch((error: unknown) => skip(`no shader-f16 here: ${error instanceof Error ? error.message : String(error)}`));
    try {
      const h = harness(backend);
      const [m, k, n] = [70, 300, 90];
      const a = uniformValues(m * k, 21, -4, 4);
      const b = uniformValues(k * n, 22, -4, 4);
      const out = await h.output<Float32Array>(backend.matmul(h.input(a, [k, m]), h.input(b, [k, n]), true, false, [m, n]), [m, n]);
      h.done();
      const { exact, scale } = reference(a, [k, m], true, b, [k, n], false, [m, n]);
      const error = worstRelativeError(out, exact, scale);
      expect(error).toBeLessThan(1e-3 + k * 6e-8);
      // Well above what f32 products would leave: the f16 path ran.
      expect(error).toBeGreaterThan(float32Bound(k));
    } finally {
      backend.destroy();
    }
  });
});
