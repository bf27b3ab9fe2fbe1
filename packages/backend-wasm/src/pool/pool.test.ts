import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialRunner } from '../runner.js';
import { WasmThreadError } from './error.js';
import { gemmArgs, gemmOutput, poolFixture, randomGemm, type PoolFixture } from './fixture.js';

const bits = (x: Float32Array): Uint32Array => new Uint32Array(x.buffer, x.byteOffset, x.length);

describe.each([2, 3, 4])('the thread pool with %i threads', (threads) => {
  let f: PoolFixture;
  beforeAll(async () => {
    f = await poolFixture(threads);
  });
  afterAll(() => {
    f.pool.close();
  });

  it('runs every slice exactly once: C += A·B on a zero C equals the serial product, bit for bit', () => {
    const serial = serialRunner(f.kernels);
    for (const m of [1, 4, 5, 8, 13, 24, 37, 64]) {
      const blocks = Math.ceil(m / 4);
      for (const grain of [1, 2, 3]) {
        const pooled = randomGemm(f, m, 24, 40, true, m);
        const reference = randomGemm(f, m, 24, 40, true, m);
        f.pool.run('gemmRowBlocks', pooled, blocks, grain);
        serial.run('gemmRowBlocks', reference, blocks);
        expect(bits(gemmOutput(f, pooled))).toEqual(bits(gemmOutput(f, reference)));
      }
    }
  });

  // 10 000 with 2 threads; fewer with more threads than this 2-core machine has, where spinning
  // threads crowd each other out.
  const jobs = threads === 2 ? 10_000 : 1_000;

  it(`runs ${jobs} small jobs in a row without losing one`, () => {
    const args = randomGemm(f, 16, 8, 8, true, 7);
    const once = randomGemm(f, 16, 8, 8, false, 7);
    f.pool.run('gemmRowBlocks', once, 4);
    for (let job = 0; job < jobs; job++) f.pool.run('gemmRowBlocks', args, 4);
    const expected = gemmOutput(f, once).map((v) => v * jobs);
    const actual = gemmOutput(f, args);
    for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(1e-3 * Math.abs(expected[i]!) + 1e-3);
  });
});

describe('a kernel that traps in the pool', () => {
  let f: PoolFixture;
  beforeAll(async () => {
    f = await poolFixture(2);
  });
  afterAll(() => {
    f.pool.close();
  });

  /** A GEMM of two row blocks whose second block's rows of A lie past the end of the memory. */
  function trapsInSecondBlock(): number {
    const good = randomGemm(f, 8, 8, 1);
    const [, , , , packedB, c, , , tiles] = new Int32Array(f.memory.buffer, good, 9);
    return gemmArgs(f, { m: 8, n: 8, k: 1, packedA: f.memory.buffer.byteLength - 16, packedB: packedB!, c: c!, accumulate: false, tiles: tiles! });
  }

  it("is a WasmThreadError naming the kernel and the worker, with the trap's message", () => {
    const run = (): void => { f.pool.run('gemmRowBlocks', trapsInSecondBlock(), 2); };
    expect(run).toThrow(WasmThreadError);
    expect(run).toThrow(/gemmRowBlocks failed on worker 1 \(items \[1, 2\) of 2\): RuntimeError: memory access out of bounds/);
    try {
      run();
    } catch (error) {
      expect((error as WasmThreadError).kernel).toBe('gemmRowBlocks');
    }
  });

  it('on the calling thread too, after the workers have finished their slices', () => {
    const outside = f.memory.buffer.byteLength;
    expect(() => { f.pool.run('gemmRowBlocks', outside, 2); }).toThrow(/gemmRowBlocks failed on the calling thread \(items \[0, 1\) of 2\)/);
  });

  it('leaves the pool working', () => {
    const pooled = randomGemm(f, 64, 16, 16, false, 3);
    const reference = randomGemm(f, 64, 16, 16, false, 3);
    f.pool.run('gemmRowBlocks', pooled, 16);
    serialRunner(f.kernels).run('gemmRowBlocks', reference, 16);
    expect(bits(gemmOutput(f, pooled))).toEqual(bits(gemmOutput(f, reference)));
  });
});

describe('closing the pool', () => {
  it('stops it: a later job is a WasmThreadError, and closing again does nothing', async () => {
    const f = await poolFixture(3);
    f.pool.close();
    f.pool.close();
    expect(() => { f.pool.run('gemmRowBlocks', randomGemm(f, 8, 8, 8), 2); }).toThrow(/after the thread pool was closed/);
  });
});
