import { readFile } from 'node:fs/promises';
import { fromArray, matmul } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, WasmLoadError, WasmOptionsError } from './index.js';

const folder = new URL('../wasm/', import.meta.url);

async function multipliesCorrectly(options: Parameters<typeof createWasmBackend>[0]): Promise<string> {
  const backend = await createWasmBackend(options);
  const a = fromArray(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3], backend });
  const b = fromArray(new Float32Array([1, 0, 0, 1, 1, 1]), { shape: [3, 2], backend });
  const c = matmul(a, b);
  expect([...c.dataSync()]).toEqual([4, 5, 10, 11]);
  backend.destroy();
  return backend.info.variant;
}

describe('createWasmBackend', () => {
  it('loads the build shipped in wasm/ and picks the best variant the runtime validates', async () => {
    const variant = await multipliesCorrectly({});
    expect(['simd', 'relaxed']).toContain(variant);
  });

  it('takes the kernels as bytes, as a file URL, or as a folder URL', async () => {
    await multipliesCorrectly({ wasm: await readFile(new URL('rnn.simd.wasm', folder)) });
    await multipliesCorrectly({ wasm: new URL('rnn.simd.wasm', folder) });
    await multipliesCorrectly({ wasm: folder });
    await multipliesCorrectly({ wasm: await WebAssembly.compile(await readFile(new URL('rnn.simd.wasm', folder))) });
  });

  it('has no side effects: two backends have separate heaps', async () => {
    const [a, b] = await Promise.all([createWasmBackend(), createWasmBackend()]);
    const x = fromArray(new Float32Array([1, 2]), { backend: a });
    expect(a.numHandles()).toBe(1);
    expect(b.numHandles()).toBe(0);
    x.dispose();
    a.destroy();
    b.destroy();
  });

  it('a missing file is a WasmLoadError naming it', async () => {
    const missing = new URL('rnn.nothing.wasm', folder);
    await expect(createWasmBackend({ wasm: missing })).rejects.toThrow(WasmLoadError);
    await expect(createWasmBackend({ wasm: missing })).rejects.toThrow(/cannot read the kernels at file:.*rnn\.nothing\.wasm/);
  });

  it('bytes that are not a wasm module, or a module not built for this backend, are WasmLoadErrors', async () => {
    await expect(createWasmBackend({ wasm: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/does not compile here/);
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    await expect(createWasmBackend({ wasm: empty })).rejects.toThrow(/imports no memory/);
  });

  it('refuses a thread count that is not a positive integer or auto', async () => {
    for (const threads of [0, -1, 1.5, Number.NaN]) {
      await expect(createWasmBackend({ threads })).rejects.toThrow(WasmOptionsError);
    }
  });

  it('is unusable after destroy(), with a message', async () => {
    const backend = await createWasmBackend();
    backend.destroy();
    expect(() => fromArray(new Float32Array([1]), { backend })).toThrow(/used after destroy/);
  });
});
