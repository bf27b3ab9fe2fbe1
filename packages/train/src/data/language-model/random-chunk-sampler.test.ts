import { ArgumentError, createCpuBackend, dispose, Generator, numHandles, setBackend, type Tensor } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { RandomChunkSampler } from './random-chunk-sampler.js';

setBackend(createCpuBackend());

/** ids[i] = i, so each value is its own offset. */
const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
const rows = (t: Tensor): number[][] => t.arraySync() as number[][];

describe('RandomChunkSampler', () => {
  it('returns time-major int32 [seqLen, batchSize] chunks with targets one token later', () => {
    const sampler = new RandomChunkSampler(range(50), { seqLen: 4, batchSize: 3, generator: new Generator(0) });
    const { x, y } = sampler.next();
    expect(x.shape).toEqual([4, 3]);
    expect(y.shape).toEqual([4, 3]);
    expect(x.dtype).toBe('int32');
    expect(sampler.tokensPerBatch).toBe(12);
    const [xs, ys] = [rows(x), rows(y)];
    for (let b = 0; b < 3; b++) {
      for (let t = 0; t < 4; t++) {
        expect(xs[t]![b]).toBe(xs[0]![b]! + t);
        expect(ys[t]![b]).toBe(xs[t]![b]! + 1);
      }
    }
    dispose([x, y]);
  });

  it('draws offsets uniformly in [0, length − seqLen − 1), as torch.randint', () => {
    // 10 ids, seqLen 3: offsets 0…5, so the last id (9) is never a target, as in the reference.
    const sampler = new RandomChunkSampler(range(10), { seqLen: 3, batchSize: 100, generator: new Generator(1) });
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const { x, y } = sampler.next();
      for (const o of rows(x)[0]!) seen.add(o);
      dispose([x, y]);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('gives the same batches for the same seed', () => {
    const a = new RandomChunkSampler(range(1000), { seqLen: 5, batchSize: 4, generator: new Generator(7) });
    const b = new RandomChunkSampler(range(1000), { seqLen: 5, batchSize: 4, generator: new Generator(7) });
    const [first, second] = [a.next(), b.next()];
    expect(rows(first.x)).toEqual(rows(second.x));
    dispose([first, second]);
  });

  it('continues with the same batches after restoring the generator state', () => {
    const generator = new Generator(5);
    const sampler = new RandomChunkSampler(range(1000), { seqLen: 5, batchSize: 4, generator });
    dispose([sampler.next(), sampler.next()]);
    const saved = generator.getState();
    const expected = [sampler.next(), sampler.next()].map(({ x, y }) => {
      const values = rows(x);
      dispose([x, y]);
      return values;
    });
    const resumed = new Generator(0);
    resumed.setState(saved);
    const again = new RandomChunkSampler(range(1000), { seqLen: 5, batchSize: 4, generator: resumed });
    for (const values of expected) {
      const { x, y } = again.next();
      expect(rows(x)).toEqual(values);
      dispose([x, y]);
    }
  });

  it('leaves no tensors behind once the caller disposes the batch', () => {
    const sampler = new RandomChunkSampler(range(100), { seqLen: 5, batchSize: 4, generator: new Generator(0) });
    const before = numHandles();
    for (let i = 0; i < 3; i++) dispose(sampler.next());
    expect(numHandles()).toBe(before);
  });

  it('names both lengths when the text is too short for one chunk', () => {
    const make = (n: number) => () => new RandomChunkSampler(range(n), { seqLen: 8, batchSize: 1, generator: new Generator(0) });
    expect(make(9)).toThrow(
      'RandomChunkSampler: ids holds 9 tokens, too few for a chunk of seqLen 8 and its shifted targets: need at least seqLen + 2 = 10; use a shorter seqLen or more text',
    );
    expect(make(10)).not.toThrow();
    expect(() => new RandomChunkSampler(range(10), { seqLen: 0, batchSize: 1, generator: new Generator(0) })).toThrow(ArgumentError);
  });
});
