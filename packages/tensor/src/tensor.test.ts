import { beforeAll, describe, expect, it } from 'vitest';
import {
  add,
  createCpuBackend,
  DisposedError,
  DTypeError,
  fromArray,
  scalar,
  setBackend,
  ShapeError,
  SyncReadError,
  toBackend,
  variable,
  zeros,
  type Backend,
} from './index.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

describe('Tensor', () => {
  it('infers shape and dtype from nested arrays', async () => {
    const t = fromArray([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(await t.data()).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
    expect(await t.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('takes the dtype of a typed array, and bool from booleans', () => {
    expect(fromArray(new Float64Array([1, 2])).dtype).toBe('float64');
    expect(fromArray(new Int32Array([1, 2])).dtype).toBe('int32');
    const b = fromArray([true, false]);
    expect(b.dtype).toBe('bool');
    expect(b.arraySync()).toEqual([true, false]);
  });

  it('rejects ragged arrays and a shape that does not match the values', () => {
    expect(() => fromArray([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => fromArray([1, 2, 3], { shape: [2, 2] })).toThrow(ShapeError);
  });

  it('is immutable: its shape is frozen', () => {
    const t = zeros([2, 2]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('reads one element with item()', async () => {
    expect(await scalar(2.5).item()).toBe(2.5);
    expect(() => zeros([2]).itemSync()).toThrow(ShapeError);
  });

  it('throws DisposedError naming the op after dispose', () => {
    const t = fromArray([1, 2]);
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(() => add(t, 1)).toThrow(DisposedError);
    expect(() => t.dataSync()).toThrow(/dataSync: tensor #\d+ \[2\] was disposed/);
  });

  it('refuses dataSync on a backend without sync reads, with a typed error', async () => {
    const cpu = createCpuBackend();
    const asyncOnly: Backend = { ...cpu, name: 'async-only', caps: { ...cpu.caps, syncRead: false } };
    const t = fromArray([1, 2], { backend: asyncOnly });
    expect(() => t.dataSync()).toThrow(SyncReadError);
    expect(await t.data()).toEqual(new Float32Array([1, 2]));
    expect(t.toString()).toContain('await data()');
  });

  it('moves between backends explicitly and asynchronously', async () => {
    const other = createCpuBackend();
    const t = fromArray([1, 2, 3]);
    const moved = await toBackend(t, other);
    expect(moved.backend).toBe(other);
    expect(await moved.data()).toEqual(new Float32Array([1, 2, 3]));
    expect(() => add(t, moved)).toThrow(/different backends/);
  });
});

describe('Variable', () => {
  it('assigns new values of the same shape and dtype', async () => {
    const v = variable([1, 2], { name: 'w' });
    v.assign(fromArray([3, 4]));
    expect(await v.data()).toEqual(new Float32Array([3, 4]));
  });

  it('names the variable and both shapes when an assignment does not fit', () => {
    const v = variable([1, 2], { name: 'w' });
    expect(() => {
      v.assign(fromArray([1, 2, 3]));
    }).toThrow(/assign to variable 'w': shapes must match \(got \[2\] and \[3\]\)/);
    expect(() => {
      v.assign(fromArray(new Float64Array([1, 2])));
    }).toThrow(DTypeError);
  });
});
