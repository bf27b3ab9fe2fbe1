import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fromArray, matmul, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../index.js';

const operand = (length: number, seed: number): Float32Array => Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + seed));

function product(backend: WasmBackend, m: number, k: number, n: number): Tensor {
  return matmul(fromArray(operand(m * k, 1), { shape: [m, k], backend }), fromArray(operand(k * n, 2), { shape: [k, n], backend }));
}

const bits = (x: ArrayLike<number>): Uint32Array => new Uint32Array(Float32Array.from(x).buffer);

describe('createWasmBackend with threads', () => {
  it('runs the .threads build on a pool of 2, and multiplies bit for bit as one thread does', async () => {
    const [pooled, serial] = await Promise.all([createWasmBackend({ threads: 2 }), createWasmBackend()]);
    expect(pooled.info).toMatchObject({ threads: 2, note: null });
    expect(pooled.info.variant).toMatch(/\.threads$/);
    for (const [m, k, n] of [[3, 5, 7], [64, 64, 64], [256, 128, 96], [130, 300, 33]] as const) {
      expect(bits(product(pooled, m, k, n).dataSync())).toEqual(bits(product(serial, m, k, n).dataSync()));
    }
    pooled.destroy();
    serial.destroy();
  });

  it("'auto' is one thread per core, at most 8", async () => {
    const backend = await createWasmBackend({ threads: 'auto' });
    expect(backend.info.threads).toBe(Math.min(8, availableParallelism()));
    backend.destroy();
  });

  it('keeps working while the shared memory grows under it', async () => {
    const [pooled, serial] = await Promise.all([createWasmBackend({ threads: 2, initialMemoryBytes: 1 << 20 }), createWasmBackend()]);
    const small = product(pooled, 32, 32, 32);
    const [m, k, n] = [512, 1024, 256];
    const large = product(pooled, m, k, n);
    expect(pooled.reservedBytes()).toBeGreaterThan(4 * (m * k + k * n + m * n));
    expect(bits(large.dataSync())).toEqual(bits(product(serial, m, k, n).dataSync()));
    expect(bits(small.dataSync())).toEqual(bits(product(serial, 32, 32, 32).dataSync()));
    pooled.destroy();
    serial.destroy();
  });

  it('runs on one thread, and says why, when the kernels given import an unshared memory', async () => {
    const wasm = await readFile(new URL('../../wasm/rnn.simd.wasm', import.meta.url));
    const backend = await createWasmBackend({ threads: 2, wasm });
    expect(backend.info.threads).toBe(1);
    expect(backend.info.note).toMatch(/^running on 1 thread instead of 2: the kernels given import an unshared memory/);
    backend.destroy();
  });
});
