import { describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, readAll, type Backend } from '../index.js';

describe('readAll', () => {
  it('reads every tensor in order, with one readMany per backend', async () => {
    const a = createCpuBackend();
    const b = createCpuBackend();
    const calls: number[] = [];
    const counting = (backend: Backend): Backend => {
      const readMany = backend.readMany!.bind(backend);
      return Object.assign(backend, { readMany: (specs: Parameters<typeof readMany>[0]) => (calls.push(specs.length), readMany(specs)) });
    };
    counting(a);
    counting(b);
    const x = fromArray([1, 2], { backend: a });
    const y = fromArray([3], { backend: b, dtype: 'int32' });
    const z = fromArray([true, false], { backend: a, dtype: 'bool' });
    const [xv, yv, zv] = await readAll([x, y, z]);
    expect(xv).toEqual(new Float32Array([1, 2]));
    expect(yv).toEqual(new Int32Array([3]));
    expect(zv).toEqual(new Uint8Array([1, 0]));
    expect(calls.sort()).toEqual([1, 2]);
  });

  it('refuses a disposed tensor', async () => {
    const x = fromArray([1], { backend: createCpuBackend() });
    x.dispose();
    await expect(readAll([x])).rejects.toThrow(/readAll: tensor #\d+ \[1\] was disposed/);
  });
});
