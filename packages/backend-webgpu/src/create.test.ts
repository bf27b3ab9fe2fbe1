// Creating, using and losing a WebGPU backend: async-only reads, batched readback, pooling,
// typed errors, re-creation after a device loss.
import { describe, expect, it } from 'vitest';
import { WebGpuDeviceLostError, WebGpuMemoryError, WebGpuOptionsError } from './errors.js';
import { createTestBackend, noGpuReason } from './testing/gpu.js';
import type { Handle, TensorSpec } from '@rnn/tensor/backend';

const spec = (handle: Handle, shape: number[], dtype: TensorSpec['dtype']): TensorSpec => ({ handle, shape, dtype });

describe.skipIf(noGpuReason !== null)('createWebGpuBackend', () => {
  it('reads asynchronously only and describes its adapter', async () => {
    const backend = await createTestBackend();
    expect(backend.caps).toEqual({ syncRead: false, float64: false });
    expect('readSync' in backend).toBe(false);
    expect(typeof backend.info.adapter.description).toBe('string');
    expect(backend.info.adapter.vendor + backend.info.adapter.description).not.toBe('');
    backend.destroy();
  });

  it('writes and reads back every dtype, including empty tensors, in one submit', async () => {
    const backend = await createTestBackend();
    const f = backend.write([1.5, -2, 3e30], [3], 'float32');
    const i = backend.write([7, -1, 2 ** 31 + 5], [3], 'int32');
    const b = backend.write([0, 2, -0.5, 1], [4], 'bool');
    const e = backend.write([], [0, 4], 'float32');
    const before = backend.stats().submits;
    const [fv, iv, bv, ev] = await backend.readMany!([spec(f, [3], 'float32'), spec(i, [3], 'int32'), spec(b, [4], 'bool'), spec(e, [0, 4], 'float32')]);
    expect(backend.stats().submits - before).toBe(1);
    expect(fv).toEqual(new Float32Array([1.5, -2, 3e30]));
    expect(iv).toEqual(new Int32Array([7, -1, -(2 ** 31) + 5]));
    expect(bv).toEqual(new Uint8Array([0, 1, 1, 1]));
    expect(ev).toEqual(new Float32Array(0));
    for (const h of [f, i, b, e]) backend.dispose(h);
    expect(backend.numHandles()).toBe(0);
    backend.destroy();
  });

  it('counts references and reuses freed buffers instead of creating new ones', async () => {
    const backend = await createTestBackend();
    const h = backend.fill([1000], 3, 'float32');
    backend.incRef(h);
    backend.dispose(h);
    expect(await backend.read(spec(h, [1000], 'float32'))).toEqual(new Float32Array(1000).fill(3));
    backend.dispose(h);
    expect(backend.numHandles()).toBe(0);
    const step = async (): Promise<void> => {
      const a = backend.write(new Float32Array(1000).fill(1), [1000], 'float32');
      const z = backend.fill([10, 100], 0, 'float32');
      await backend.read(spec(z, [10, 100], 'float32'));
      backend.dispose(a);
      backend.dispose(z);
    };
    await step();
    const created = backend.stats().buffersCreated;
    for (let k = 0; k < 5; k++) await step();
    expect(backend.stats().buffersCreated).toBe(created);
    backend.destroy();
  });

  it('names the op and the size of an allocation larger than the device allows', async () => {
    const backend = await createTestBackend();
    const n = Math.floor(backend.device.limits.maxStorageBufferBindingSize / 4) + 1024;
    expect(() => backend.fill([n], 1, 'float32')).toThrow(WebGpuMemoryError);
    expect(() => backend.fill([n], 1, 'float32')).toThrow(/webgpu fill: cannot allocate \d+ bytes/);
    expect(backend.numHandles()).toBe(0);
    backend.destroy();
  });

  it('honours shaderF16 only where the adapter offers it', async () => {
    const probe = await createTestBackend();
    const adapterHasF16 = probe.device.features.has('shader-f16') || (await hasF16Adapter());
    probe.destroy();
    if (adapterHasF16) {
      const backend = await createTestBackend({ shaderF16: true });
      expect(backend.info.shaderF16).toBe(true);
      expect(backend.device.features.has('shader-f16')).toBe(true);
      backend.destroy();
    } else {
      await expect(createTestBackend({ shaderF16: true })).rejects.toThrow(WebGpuOptionsError);
    }
  });

  it('reports a lost device as a typed error naming the op, and can be created again', async () => {
    const backend = await createTestBackend();
    const kept = backend.fill([4], 1, 'float32');
    backend.device.destroy();
    await backend.device.lost;
    expect(() => backend.fill([4], 2, 'float32')).toThrow(WebGpuDeviceLostError);
    expect(() => backend.fill([4], 2, 'float32')).toThrow(/webgpu fill: the device was lost \(destroyed/);
    await expect(backend.read(spec(kept, [4], 'float32'))).rejects.toThrow(WebGpuDeviceLostError);
    backend.destroy();
    const again = await createTestBackend();
    const h = again.fill([2], 5, 'float32');
    expect(await again.read(spec(h, [2], 'float32'))).toEqual(new Float32Array([5, 5]));
    again.destroy();
  });

  it('refuses use after destroy()', async () => {
    const backend = await createTestBackend();
    backend.destroy();
    backend.destroy();
    expect(() => backend.fill([1], 0, 'float32')).toThrow(/destroyed/);
    expect(backend.numHandles()).toBe(0);
  });
});

async function hasF16Adapter(): Promise<boolean> {
  const { create } = (await import('webgpu')) as { create: (flags: string[]) => GPU };
  const adapter = await create([]).requestAdapter();
  return adapter?.features.has('shader-f16') ?? false;
}
