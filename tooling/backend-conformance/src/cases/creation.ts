/**
 * Creation ops and seeded randomness. The same Generator seed must give the same numbers on
 * every backend: uniform and bernoulli bit for bit, normal within the dtype's tolerance.
 */
import {
  arange,
  bernoulli,
  eye,
  fromArray,
  full,
  fullLike,
  Generator,
  normal,
  ones,
  onesLike,
  scalar,
  uniform,
  zeros,
  zerosLike,
  type Backend,
  type DType,
  type Shape,
  type Tensor,
} from '@rnn/tensor';
import { expect } from 'vitest';
import type { CaseGroup, Check, CheckEnv } from '../case.js';
import { arrayClassOf, drain, tensorOn } from '../checks.js';
import { expectAllclose, expectExactlyEqual } from '../compare.js';

/** Reads `t` (disposing it) and checks its shape, dtype, storage class and values exactly. */
async function expectTensor(what: string, t: Tensor, shape: Shape, dtype: DType, values: readonly number[]): Promise<void> {
  expect([...t.shape], `${what}: shape`).toEqual([...shape]);
  expect(t.dtype, `${what}: dtype`).toBe(dtype);
  let data;
  try {
    data = await t.data();
  } finally {
    t.dispose();
  }
  expect(data, `${what}: data() returns the dtype's typed array`).toBeInstanceOf(arrayClassOf(dtype));
  expectExactlyEqual(data, values, what, shape);
}

const round = (dtype: DType, values: readonly number[]): number[] =>
  dtype === 'float32' ? values.map((v) => Math.fround(v)) : [...values];

const fillChecks: Check[] = [
  {
    name: 'fromArray: nested, typed, flat with shape, bool, int32, empty; scalar',
    run: async (env) => {
      const { backend, dtype } = env;
      await expectTensor('nested', tensorOn(env, [[1, 2.5], [-3, 0.1]]), [2, 2], dtype, round(dtype, [1, 2.5, -3, 0.1]));
      await expectTensor('typed with shape', fromArray(new Float64Array([1, 2, 3]), { shape: [3, 1], dtype, backend }), [3, 1], dtype, [1, 2, 3]);
      await expectTensor('bool', fromArray([true, false, true], { backend }), [3], 'bool', [1, 0, 1]);
      await expectTensor('int32', fromArray(new Int32Array([7, -2]), { backend }), [2], 'int32', [7, -2]);
      await expectTensor('empty', fromArray([], { backend, dtype }), [0], dtype, []);
      await expectTensor('empty with shape', fromArray(new Float32Array(0), { shape: [2, 0, 3], backend, dtype }), [2, 0, 3], dtype, []);
      await expectTensor('scalar', scalar(-1.25, { backend, dtype }), [], dtype, [-1.25]);
      await expectTensor('bool scalar', scalar(true, { backend }), [], 'bool', [1]);
      await expectTensor('int32 from floats truncates', fromArray([1.9, -1.9], { backend, dtype: 'int32' }), [2], 'int32', [1, -1]);
    },
  },
  {
    name: 'zeros, ones, full and the …Like forms, in every dtype',
    run: async (env) => {
      const { backend, dtype } = env;
      await expectTensor('zeros', zeros([2, 3], { backend, dtype }), [2, 3], dtype, [0, 0, 0, 0, 0, 0]);
      await expectTensor('ones rank 0', ones([], { backend, dtype }), [], dtype, [1]);
      await expectTensor('full', full([3], -2.5, { backend, dtype }), [3], dtype, [-2.5, -2.5, -2.5]);
      await expectTensor('full empty', full([0, 4], 3, { backend, dtype }), [0, 4], dtype, []);
      await expectTensor('full int32', full([2], 7, { backend, dtype: 'int32' }), [2], 'int32', [7, 7]);
      await expectTensor('full bool', full([2], 5, { backend, dtype: 'bool' }), [2], 'bool', [1, 1]);
      const like = tensorOn(env, [[1, 2], [3, 4]]);
      try {
        await expectTensor('zerosLike', zerosLike(like), [2, 2], dtype, [0, 0, 0, 0]);
        await expectTensor('onesLike int32', onesLike(like, { dtype: 'int32' }), [2, 2], 'int32', [1, 1, 1, 1]);
        await expectTensor('fullLike', fullLike(like, 0.5), [2, 2], dtype, [0.5, 0.5, 0.5, 0.5]);
      } finally {
        like.dispose();
      }
    },
  },
  {
    name: 'arange and eye',
    run: async (env) => {
      const { backend, dtype } = env;
      await expectTensor('arange(5)', arange(5, undefined, 1, { backend }), [5], 'int32', [0, 1, 2, 3, 4]);
      await expectTensor('arange(5, 0, -2)', arange(5, 0, -2, { backend }), [3], 'int32', [5, 3, 1]);
      await expectTensor('arange(1, 2, 0.25)', arange(1, 2, 0.25, { backend, dtype }), [4], dtype, [1, 1.25, 1.5, 1.75]);
      await expectTensor('arange empty', arange(3, 3, 1, { backend }), [0], 'int32', []);
      await expectTensor('eye(3)', eye(3, undefined, { backend, dtype }), [3, 3], dtype, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
      await expectTensor('eye(2, 4) int32', eye(2, 4, { backend, dtype: 'int32' }), [2, 4], 'int32', [1, 0, 0, 0, 0, 1, 0, 0]);
    },
  },
];

/** The same draw on the backend under test and on the oracle (both in `dtype`), read back. */
async function bothSides(
  env: CheckEnv,
  draw: (backend: Backend, generator: Generator) => Tensor,
  seed: number,
  state?: { counter: number },
): Promise<[number[], number[]]> {
  const gen = (): Generator => {
    const g = new Generator(seed);
    if (state !== undefined) g.setState({ key: g.getState().key, counter: state.counter });
    return g;
  };
  return [await drain(draw(env.backend, gen())), await drain(draw(env.oracle, gen()))];
}

const randomChecks: Check[] = [
  {
    name: 'uniform: the same seed gives bit-identical numbers on backend and oracle ([0,1) and [−1,1))',
    run: async (env) => {
      const { dtype } = env;
      for (const [low, high] of [[0, 1], [-1, 1]] as const) {
        const [a, b] = await bothSides(env, (backend, generator) => uniform([3, 7, 11], { generator, backend, dtype, low, high }), 1234);
        expectExactlyEqual(a, b, `uniform [${low}, ${high}) ${dtype}, backend vs oracle`, [3, 7, 11], true);
        expect(a.every((v) => v >= low && v < high), `uniform [${low}, ${high}): every value in range`).toBe(true);
        expect(new Set(a).size, 'uniform: 231 draws are (almost) all distinct').toBeGreaterThan(225);
      }
    },
  },
  {
    name: 'uniform on another range: within tolerance of the oracle',
    run: async (env) => {
      const [a, b] = await bothSides(env, (backend, generator) => uniform([257], { generator, backend, dtype: env.dtype, low: -3, high: 5 }), 77);
      expectAllclose(a, b, env.tolerances, `uniform [-3, 5) ${env.dtype}`);
      expect(a.every((v) => v >= -3 && v < 5), 'uniform [-3, 5): every value in range').toBe(true);
    },
  },
  {
    name: 'normal: the same seed gives the oracle’s numbers within tolerance',
    run: async (env) => {
      const { dtype } = env;
      const [a] = await bothSides(env, (backend, generator) => normal([1001], { generator, backend, dtype, mean: 0.5, std: 2 }), 99);
      const gen = new Generator(99);
      const reference = await drain(normal([1001], { generator: gen, backend: env.oracle, dtype: 'float64', mean: 0.5, std: 2 }));
      expectAllclose(a, reference, env.tolerances, `normal(0.5, 2) ${dtype} vs the oracle in float64`);
      const m = a.reduce((s, v) => s + v, 0) / a.length;
      const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
      expect(Math.abs(m - 0.5), 'normal: sample mean near 0.5').toBeLessThan(0.3);
      expect(Math.abs(sd - 2), 'normal: sample std near 2').toBeLessThan(0.3);
      expect(a.every(Number.isFinite), 'normal: all finite').toBe(true);
    },
  },
  {
    name: 'bernoulli: the same seed gives the same mask, in float, int32 and bool',
    run: async (env) => {
      for (const dtype of [env.dtype, 'int32', 'bool'] as const) {
        const [a, b] = await bothSides(env, (backend, generator) => bernoulli([4, 50], 0.3, { generator, backend, dtype }), 5);
        expectExactlyEqual(a, b, `bernoulli(0.3) ${dtype}, backend vs oracle`, [4, 50], true);
        const ones = a.filter((v) => v === 1).length;
        expect(ones + a.filter((v) => v === 0).length, 'bernoulli: only 0 and 1').toBe(200);
        expect(Math.abs(ones / 200 - 0.3), 'bernoulli: frequency near p').toBeLessThan(0.12);
      }
    },
  },
  {
    name: 'a Generator stream continues across calls and replays from a saved state',
    run: async (env) => {
      const { backend, dtype } = env;
      const gen = new Generator(2024);
      const saved = gen.getState();
      const first = await drain(uniform([6], { generator: gen, backend, dtype }));
      const second = await drain(uniform([5], { generator: gen, backend, dtype }));
      expect(second, 'the second draw continues the stream').not.toEqual(first.slice(0, 5));
      gen.setState(saved);
      expectExactlyEqual(await drain(uniform([6], { generator: gen, backend, dtype })), first, 'replay after setState', [6], true);
      // The oracle, drawing the same two calls, agrees on the second (offset) draw too.
      const og = new Generator(2024);
      await drain(uniform([6], { generator: og, backend: env.oracle, dtype }));
      expectExactlyEqual(second, await drain(uniform([5], { generator: og, backend: env.oracle, dtype })), 'second draw vs oracle', [5], true);
    },
  },
  {
    name: 'random streams use the full key and counter (seed ≥ 2^32, counter ≥ 2^32 blocks)',
    run: async (env) => {
      const seed = 2 ** 40 + 12345;
      for (const counter of [0, 2 ** 32 - 1, 2 ** 32 + 7, 2 ** 45 + 3]) {
        const [a, b] = await bothSides(env, (backend, generator) => uniform([9], { generator, backend, dtype: env.dtype }), seed, { counter });
        expectExactlyEqual(a, b, `uniform at counter ${counter}, backend vs oracle`, [9], true);
        const [c, d] = await bothSides(env, (backend, generator) => bernoulli([9], 0.5, { generator, backend, dtype: 'int32' }), seed, { counter });
        expectExactlyEqual(c, d, `bernoulli at counter ${counter}, backend vs oracle`, [9], true);
      }
    },
  },
  {
    name: 'random of rank 0 and of empty shapes',
    run: async (env) => {
      const { backend, dtype } = env;
      const gen = new Generator(3);
      const s = uniform([], { generator: gen, backend, dtype });
      expect([...s.shape]).toEqual([]);
      expect((await drain(s)).length).toBe(1);
      const e = normal([0, 5], { generator: gen, backend, dtype });
      expect([...e.shape]).toEqual([0, 5]);
      expect(await drain(e)).toEqual([]);
    },
  },
];

export const creationGroup: CaseGroup = { name: 'creation and random', checks: [...fillChecks, ...randomChecks] };
