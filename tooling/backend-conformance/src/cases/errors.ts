/**
 * Typed errors with messages that name what went wrong: ShapeError names both shapes,
 * DTypeError the dtypes, ArgumentError the parameter; DisposedError after dispose,
 * SyncReadError on async-only backends (by caps), BackendMismatchError across backends.
 * An op that throws must leave nothing behind (the leak check covers every check here).
 */
import {
  abs,
  add,
  argmax,
  assertFinite,
  BackendMismatchError,
  bernoulli,
  broadcastTo,
  clip,
  concat,
  customGrad,
  DisposedError,
  DTypeError,
  expandDims,
  arange,
  fromArray,
  gather,
  Generator,
  GradientError,
  log,
  logicalAnd,
  matmul,
  max,
  mul,
  NonFiniteError,
  oneHot,
  pad,
  permute,
  reshape,
  ArgumentError,
  scatterAdd,
  ShapeError,
  slice,
  split,
  squeeze,
  stack,
  sum,
  SyncReadError,
  tidy,
  uniform,
  valueAndGrad,
  variable,
  where,
  type Tensor,
} from '@rnn/tensor';
import { expect } from 'vitest';
import type { CaseGroup, Check, CheckEnv } from '../case.js';
import { expectError, expectRejection, tensorOn, valuesOf } from '../checks.js';

const ints = (env: CheckEnv, values: number[], shape: number[] = [values.length]): Tensor =>
  fromArray(new Int32Array(values), { backend: env.backend, shape });

const zerosOf = (env: CheckEnv, shape: number[]): Tensor =>
  fromArray(new Float64Array(shape.reduce((a, b) => a * b, 1)), { shape, backend: env.backend, dtype: env.dtype });

const errorChecks: Check[] = [
  {
    name: 'ShapeError names both shapes: broadcasting, matmul inner dims, concat, stack, reshape, broadcastTo',
    run: (env) => {
      tidy(() => {
        const a = zerosOf(env, [2, 3]);
        const b = zerosOf(env, [4]);
        const e = expectError('add([2,3], [4])', () => add(a, b), ShapeError, '[2, 3]', '[4]');
        expect(e.shapes.map((s) => [...s]), 'ShapeError.shapes').toEqual([[2, 3], [4]]);
        expectError('mul([4], [2,3])', () => mul(b, a), ShapeError, '[4]', '[2, 3]');
        expectError('where broadcast', () => where(fromArray([true, false], { backend: env.backend }), a, b), ShapeError, '[4]');
        const m = zerosOf(env, [4, 5]);
        expectError('matmul([2,3], [4,5])', () => matmul(a, m), ShapeError, '[2, 3]', '[4, 5]', '3 vs 4');
        expectError('matmul([2,3]ᵀ, [4,5]ᵀ)', () => matmul(a, m, { transposeA: true, transposeB: true }), ShapeError, '[2, 3]', '[4, 5]');
        expectError('matmul batch dims', () => matmul(zerosOf(env, [2, 2, 3]), zerosOf(env, [3, 3, 1])), ShapeError, '[2]', '[3]');
        expectError('matmul of a scalar', () => matmul(zerosOf(env, []), m), ShapeError, '[]', '[4, 5]');
        expectError('concat', () => concat([a, zerosOf(env, [2, 4])], 0), ShapeError, '[2, 3]', '[2, 4]');
        expectError('stack', () => stack([a, zerosOf(env, [3, 2])]), ShapeError, '[2, 3]', '[3, 2]');
        expectError('reshape', () => reshape(a, [4, 2]), ShapeError, '[2, 3]', '[4, 2]');
        expectError('reshape −1', () => reshape(a, [-1, 4]), ShapeError, '[2, 3]', '[-1, 4]');
        expectError('broadcastTo', () => broadcastTo(a, [3, 3]), ShapeError, '[2, 3]', '[3, 3]');
        expectError('squeeze a dim that is not 1', () => squeeze(a, 0), ShapeError, '[2, 3]');
        expectError('scatterAdd updates', () => scatterAdd(ints(env, [0, 1]), a, 0, [3, 4]), ShapeError, '[2, 3]', '[2, 4]');
        return undefined;
      });
    },
  },
  {
    name: 'DTypeError names the dtypes',
    run: (env) => {
      tidy(() => {
        const x = tensorOn(env, [1, 2, 3]);
        const i = ints(env, [0, 1, 2]);
        expectError('concat float and int32', () => concat([x, i]), DTypeError, env.dtype, 'int32');
        expectError('gather with float indices', () => gather(x, x), DTypeError, env.dtype);
        expectError('oneHot of floats', () => oneHot(x, 3), DTypeError, env.dtype);
        expectError('logicalAnd of floats', () => logicalAnd(x, x), DTypeError, env.dtype);
        expectError('abs of bool', () => abs(fromArray([true], { backend: env.backend })), DTypeError, 'bool');
        expectError('uniform int32', () => uniform([2], { generator: new Generator(1), backend: env.backend, dtype: 'int32' }), DTypeError, 'int32');
        const v = variable(x);
        try {
          expectError(
            'assign int32 to a float variable',
            () => {
              v.assign(i);
            },
            DTypeError,
            env.dtype,
            'int32',
          );
        } finally {
          v.dispose();
        }
        return undefined;
      });
    },
  },
  {
    name: 'ArgumentError for axes, sizes and ranges',
    run: (env) => {
      tidy(() => {
        const x = zerosOf(env, [2, 3]);
        expectError('sum axis 2 of rank 2', () => sum(x, 2), ArgumentError, 'axis', '2');
        expectError('sum axis -3', () => sum(x, -3), ArgumentError, 'axis');
        expectError('sum repeated axes', () => sum(x, [0, -2]), ArgumentError, 'axes');
        expectError('argmax axis 5', () => argmax(x, 5), ArgumentError, 'axis');
        expectError('gather axis 3', () => gather(x, ints(env, [0]), 3), ArgumentError, 'axis');
        expectError('expandDims axis 4', () => expandDims(x, 4), ArgumentError, 'axis');
        expectError('permute not a permutation', () => permute(x, [0, 0]), ArgumentError, 'perm');
        expectError('slice begin out of range', () => slice(x, [3]), ArgumentError, 'begin');
        expectError('slice size past the end', () => slice(x, [1, 1], [2, 1]), ArgumentError, 'size');
        expectError('split not dividing', () => split(x, 4, 1), ArgumentError, 'sections');
        expectError('pad negative', () => pad(x, [[-1, 0]]), ArgumentError, 'paddings');
        expectError('clip min > max', () => clip(x, 1, 0), ArgumentError, 'min');
        expectError('max over an empty axis', () => max(zerosOf(env, [0, 3]), 0), ArgumentError, 'axes');
        expectError('argmax over an empty axis', () => argmax(zerosOf(env, [2, 0]), 1), ArgumentError, 'axis');
        expectError('concat of nothing', () => concat([]), ArgumentError, 'xs');
        expectError('arange step 0', () => arange(0, 3, 0, { backend: env.backend }), ArgumentError, 'step');
        expectError('Generator seed −1', () => new Generator(-1), ArgumentError, 'seed');
        expectError('uniform low > high', () => uniform([2], { generator: new Generator(1), backend: env.backend, low: 1, high: 0 }), ArgumentError, 'low');
        expectError('bernoulli p > 1', () => bernoulli([2], 1.5, { generator: new Generator(1), backend: env.backend }), ArgumentError, 'p');
        expectError('fromArray ragged', () => fromArray([[1, 2], [3]], { backend: env.backend }), ArgumentError, 'ragged');
        return undefined;
      });
    },
  },
  {
    name: 'ArgumentError for out-of-range gather/scatterAdd indices (checked where reads are synchronous)',
    requires: { syncRead: true },
    run: (env) => {
      tidy(() => {
        const x = zerosOf(env, [5, 2]);
        expectError('gather index 5 of 5', () => gather(x, ints(env, [0, 5])), ArgumentError, 'indices', '5');
        expectError('gather index −1', () => gather(x, ints(env, [-1])), ArgumentError, 'indices', '-1');
        expectError('gather 2-D indices along axis 1', () => gather(x, ints(env, [0, 2], [1, 2]), 1), ArgumentError, 'indices', '2');
        expectError('scatterAdd index 3 of 3', () => scatterAdd(ints(env, [3]), zerosOf(env, [1, 2]), 0, [3, 2]), ArgumentError, 'indices');
        return undefined;
      });
    },
  },
  {
    name: 'DisposedError after dispose: ops, data(), and the message names the shape',
    run: async (env) => {
      const x = tensorOn(env, [[1, 2, 3]]);
      const y = tensorOn(env, [1, 2, 3]);
      x.dispose();
      expect(x.isDisposed).toBe(true);
      expectError('add(disposed, y)', () => add(x, y), DisposedError, '[1, 3]');
      expectError('add(y, disposed)', () => add(y, x), DisposedError);
      expectError('matmul(disposed)', () => matmul(x, y), DisposedError);
      expectError('valueAndGrad of a disposed argument', () => valueAndGrad((t: Tensor) => sum(t))(x), DisposedError);
      await expectRejection('data() of a disposed tensor', x.data(), DisposedError);
      await expectRejection('array() of a disposed tensor', x.array(), DisposedError);
      expect(await valuesOf(y), 'other tensors are unaffected').toEqual([1, 2, 3]);
      y.dispose();
    },
  },
  {
    name: 'SyncReadError from dataSync on an async-only backend; toString still works',
    requires: { syncRead: false },
    run: (env) => {
      tidy(() => {
        const x = tensorOn(env, [1, 2]);
        expectError('dataSync', () => x.dataSync(), SyncReadError, env.backend.name);
        expectError('arraySync', () => x.arraySync(), SyncReadError);
        expectError('itemSync', () => sum(x).itemSync(), SyncReadError);
        expect(x.toString()).toContain('[2]');
        return undefined;
      });
    },
  },
  {
    name: 'dataSync/arraySync/itemSync agree with the async reads where reads are synchronous',
    requires: { syncRead: true },
    run: async (env) => {
      const x = tensorOn(env, [[1.5, -2], [0, 4]]);
      const s = sum(x);
      try {
        expect(Array.from(x.dataSync())).toEqual(await valuesOf(x));
        expect(x.arraySync()).toEqual(await x.array());
        expect(s.itemSync()).toBe(await s.item());
      } finally {
        x.dispose();
        s.dispose();
      }
    },
  },
  {
    name: 'BackendMismatchError when inputs live on different backends',
    run: (env) => {
      tidy(() => {
        const a = tensorOn(env, [1, 2]);
        const b = fromArray([1, 2], { backend: env.oracle, dtype: env.dtype });
        expectError('add across backends', () => add(a, b), BackendMismatchError, env.backend.name, env.oracle.name);
        return undefined;
      });
    },
  },
  {
    name: 'GradientError for misuse of autograd',
    run: (env) => {
      tidy(() => {
        const x = tensorOn(env, [1, 2]);
        const i = ints(env, [1, 2]);
        expectError('valueAndGrad of an int32 argument', () => valueAndGrad((t: Tensor) => sum(t))(i), GradientError);
        const bad = customGrad((t) => mul(t, 2), (dy) => [dy, dy]);
        expectError('customGrad returning too many gradients', () => valueAndGrad((t: Tensor) => sum(bad(t)))(x), GradientError, '2 tensors for 1');
        const seed = tensorOn(env, [1, 2, 3]);
        expectError('a dy of the wrong shape', () => valueAndGrad((t: Tensor) => mul(t, 2), seed)(x), GradientError, '[3]', '[2]');
        return undefined;
      });
    },
  },
  {
    name: 'NonFiniteError from assertFinite names the index and the value',
    run: async (env) => {
      const x = tensorOn(env, [1, -1, 2]);
      const y = log(x);
      try {
        await assertFinite(x);
        let error: unknown;
        try {
          await assertFinite(y, 'log');
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(NonFiniteError);
        expect((error as NonFiniteError).index).toBe(1);
        expect((error as NonFiniteError).message).toContain('NaN');
      } finally {
        x.dispose();
        y.dispose();
      }
    },
  },
];

export const errorsGroup: CaseGroup = { name: 'errors', checks: errorChecks };
