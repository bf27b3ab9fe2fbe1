/**
 * Memory: tidy, scope, keep, dispose and numHandles on the backend under test; use after
 * dispose; storage shared by aliases (reshape); and training loops whose live handle count
 * stays flat.
 */
import {
  add,
  DisposedError,
  dispose,
  exp,
  fromArray,
  keep,
  matmul,
  max,
  mean,
  min,
  mul,
  numHandles,
  reshape,
  RnnError,
  scope,
  setDebugMode,
  square,
  stopGradient,
  sub,
  sum,
  tanh,
  tidy,
  valueAndGrad,
  variable,
  variableGrads,
  Generator,
  uniform,
  softmax,
  gather,
  concat,
  slice,
  permute,
  transpose,
  type Tensor,
} from '@rnn/tensor';
import { expect } from 'vitest';
import type { CaseGroup, Check, CheckEnv } from '../case.js';
import { drain, expectError, expectRejection, tensorOn, valuesOf } from '../checks.js';

const live = (env: CheckEnv): number => numHandles(env.backend);

const memoryChecks: Check[] = [
  {
    name: 'numHandles counts storage: +1 per new tensor, −1 per dispose, flat for a double dispose',
    run: async (env) => {
      const before = live(env);
      const x = tensorOn(env, [1, 2, 3]);
      expect(live(env), 'after fromArray').toBe(before + 1);
      const y = add(x, 1);
      expect(live(env), 'after add').toBe(before + 2);
      y.dispose();
      y.dispose();
      expect(live(env), 'after disposing twice').toBe(before + 1);
      expect(await valuesOf(x), 'x is untouched').toEqual([1, 2, 3]);
      x.dispose();
      expect(live(env), 'after disposing everything').toBe(before);
    },
  },
  {
    name: 'aliases share storage: reshape and stopGradient add no handle, and outlive the original',
    run: async (env) => {
      const before = live(env);
      const x = tensorOn(env, [[1, 2], [3, 4]]);
      const r = reshape(x, [4]);
      const s = stopGradient(x);
      expect(live(env), 'reshape/stopGradient allocate nothing').toBe(before + 1);
      x.dispose();
      expect(live(env), 'the storage lives while an alias holds it').toBe(before + 1);
      expect(await valuesOf(r)).toEqual([1, 2, 3, 4]);
      r.dispose();
      expect(await drain(s)).toEqual([1, 2, 3, 4]);
      expect(live(env), 'freed with the last alias').toBe(before);
    },
  },
  {
    name: 'tidy frees intermediates and keeps its result; a freed intermediate throws DisposedError',
    run: async (env) => {
      const x = tensorOn(env, [1, 2, 3]);
      const before = live(env);
      let inner: Tensor | undefined;
      const y = tidy(() => {
        inner = mul(x, 2);
        return add(inner, exp(x));
      });
      expect(live(env), 'only the result survives').toBe(before + 1);
      expect(inner?.isDisposed, 'the intermediate is disposed').toBe(true);
      expectError('an op on a tidy-freed tensor', () => add(inner!, 1), DisposedError, `[3]`);
      await expectRejection('data() of a tidy-freed tensor', inner!.data(), DisposedError);
      expect(x.isDisposed, 'inputs from outside are untouched').toBe(false);
      dispose([x, y]);
    },
  },
  {
    name: 'tidy keeps every tensor of a returned container; nested tidy hands results outward',
    run: (env) => {
      const before = live(env);
      const out = tidy(() => ({
        a: tensorOn(env, [1]),
        list: [tensorOn(env, [2]), tensorOn(env, [3])],
        map: new Map([['k', tensorOn(env, [4])]]),
        n: 4,
      }));
      expect(live(env), 'all four survive').toBe(before + 4);
      dispose(out);
      expect(live(env), 'dispose(container) frees them').toBe(before);
      let innerResult: Tensor | undefined;
      tidy(() => {
        innerResult = tidy(() => mul(tensorOn(env, [1, 2]), 3));
        expect(innerResult.isDisposed, 'the inner result is alive in the outer tidy').toBe(false);
        return undefined;
      });
      expect(innerResult?.isDisposed, 'the inner result is freed with the outer tidy').toBe(true);
      expect(live(env), 'the outer tidy freed the inner result').toBe(before);
    },
  },
  {
    name: 'keep spares a tensor from every scope until dispose; tidy refuses a Promise',
    run: (env) => {
      const before = live(env);
      let kept: Tensor | undefined;
      const result = tidy(() => {
        kept = keep(tensorOn(env, [5]));
        return tensorOn(env, [6]);
      });
      expect(kept?.isDisposed, 'kept survives tidy').toBe(false);
      expect(live(env)).toBe(before + 2);
      dispose([kept!, result]);
      expect(live(env)).toBe(before);
      const asyncFn = (() => Promise.resolve(undefined)) as unknown as () => undefined;
      expectError(
        'tidy(async)',
        () => {
          tidy(asyncFn);
        },
        RnnError,
        'Promise',
      );
    },
  },
  {
    name: 'scope() keeps tensors alive across await and frees all but kept ones on dispose',
    run: async (env) => {
      const before = live(env);
      const s = scope();
      let survivor: Tensor;
      let temporary: Tensor;
      try {
        temporary = exp(tensorOn(env, [0, 1]));
        await Promise.resolve();
        expect(await valuesOf(temporary), 'alive across await').toHaveLength(2);
        survivor = s.keep(sum(temporary));
      } finally {
        s.dispose();
      }
      expect(temporary.isDisposed, 'scope.dispose freed the temporaries').toBe(true);
      expect(survivor.isDisposed, 'scope.keep spared the result').toBe(false);
      expect(live(env)).toBe(before + 1);
      const s2 = scope();
      const t2 = tensorOn(env, [1]);
      s2[Symbol.dispose]();
      expect(t2.isDisposed, 'Symbol.dispose closes the scope too').toBe(true);
      survivor.dispose();
      expect(live(env)).toBe(before);
    },
  },
  {
    name: 'reductions with keepDims leave nothing but their result',
    run: (env) => {
      const x = tensorOn(env, [[1, 2, 3], [4, 5, 6]]);
      try {
        for (const [name, reduce] of [['mean', mean], ['sum', sum], ['max', max], ['min', min]] as const) {
          for (const axes of [1, [0, 1]]) {
            const before = live(env);
            reduce(x, axes, { keepDims: true }).dispose();
            expect(live(env), `${name}(x, ${JSON.stringify(axes)}, { keepDims: true }) then dispose()`).toBe(before);
          }
        }
      } finally {
        x.dispose();
      }
    },
  },
  {
    name: 'valueAndGrad leaves exactly its value and gradients alive',
    run: (env) => {
      const x = tensorOn(env, [[0.5, -1], [2, 0.25]]);
      const w = tensorOn(env, [[1, 2], [3, 4]]);
      const before = live(env);
      const { value, grads } = valueAndGrad((a: Tensor, b: Tensor) => sum(tanh(matmul(a, b))))(x, w);
      expect(live(env), 'value + 2 gradients').toBe(before + 3);
      dispose([value, grads, x, w]);
    },
  },
  {
    name: 'a 100-step training loop holds numHandles flat',
    run: async (env) => {
      const { backend, dtype } = env;
      const generator = new Generator(11);
      // variable() shares the initial tensor's storage; tidy frees that initial reference.
      const w = tidy(() => variable(uniform([4, 3], { generator, backend, dtype, low: -0.5, high: 0.5 }), { name: 'w' }));
      const u = tidy(() => variable(uniform([4, 4], { generator, backend, dtype, low: -0.5, high: 0.5 }), { name: 'u' }));
      const xs = uniform([3, 2, 3], { generator, backend, dtype });
      const target = uniform([2, 4], { generator, backend, dtype, low: -0.5, high: 0.5 });
      const h0 = fromArray(new Float64Array(8), { shape: [2, 4], backend, dtype });
      const counts: number[] = [];
      const losses: number[] = [];
      try {
        for (let step = 0; step < 100; step++) {
          const loss = tidy(() => {
            const { value, grads } = variableGrads(() => {
              let h = h0;
              for (let t = 0; t < 3; t++) {
                const x = reshape(slice(xs, [t, 0, 0], [1, 2, 3]), [2, 3]);
                h = tanh(add(matmul(x, w, { transposeB: true }), matmul(h, u, { transposeB: true })));
              }
              return mean(square(sub(h, target)));
            });
            for (const [v, g] of grads) v.assign(sub(v, mul(g, 0.5)));
            return value;
          });
          losses.push((await drain(loss))[0]!);
          counts.push(live(env));
        }
      } finally {
        dispose([w, u, xs, target, h0]);
      }
      expect(counts[99], `numHandles after step 100 vs step 1 (all: ${counts.join(',')})`).toBe(counts[0]);
      expect(losses[99]!, 'gradient descent lowered the loss').toBeLessThan(losses[0]!);
    },
  },
  {
    name: 'a 100-step loop of valueAndGrad outside tidy (disposing by hand) holds numHandles flat',
    run: (env) => {
      const x = tensorOn(env, [[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]]);
      const idx = fromArray(new Int32Array([2, 0, 1]), { backend: env.backend });
      const counts: number[] = [];
      try {
        for (let step = 0; step < 100; step++) {
          const { value, grads } = valueAndGrad((a: Tensor) =>
            sum(mul(softmax(concat([a, transpose(transpose(a))], 1)), concat([gather(a, idx, 1), a], 1))),
          )(x);
          dispose([value, grads]);
          counts.push(live(env));
        }
      } finally {
        dispose([x, idx]);
      }
      expect(counts[99], 'numHandles after step 100 vs step 1').toBe(counts[0]);
    },
  },
  {
    name: 'variables survive tidy, assign keeps the handle count, dispose frees them',
    run: async (env) => {
      const before = live(env);
      const v = tidy(() => variable(tensorOn(env, [1, 2])));
      expect(live(env), 'one handle for the variable').toBe(before + 1);
      tidy(() => {
        v.assign(add(v, 1));
      });
      expect(live(env), 'assign swapped the storage').toBe(before + 1);
      expect(await valuesOf(v)).toEqual([2, 3]);
      v.dispose();
      expect(live(env)).toBe(before);
    },
  },
  {
    name: 'debug mode: every kernel creates exactly the storage it returns',
    run: (env) => {
      setDebugMode(true);
      try {
        tidy(() => {
          const a = tensorOn(env, [[0.5, -1, 2], [1, 0.25, -0.5]]);
          const b = tensorOn(env, [[1, 2], [3, 4], [5, 6]]);
          const i = fromArray(new Int32Array([1, 0, 1]), { backend: env.backend });
          const y = softmax(add(matmul(a, b), 1));
          const { grads } = valueAndGrad((p: Tensor, q: Tensor) => sum(mul(gather(p, i, 1), exp(q))))(a, slice(permute(b, [1, 0]), [0, 0], [2, 3]));
          expect(y.isDisposed).toBe(false);
          expect(grads).toHaveLength(2);
          return undefined;
        });
      } finally {
        setDebugMode(false);
      }
    },
  },
  {
    name: 'readMany (where the backend has it) reads what read reads',
    run: async (env) => {
      const { backend } = env;
      const a = tensorOn(env, [1.5, -2]);
      const b = fromArray(new Int32Array([3, 4, 5]), { backend });
      try {
        const reads = [await backend.read(a), await backend.read(b)];
        expect(Array.from(reads[0]!)).toEqual(await valuesOf(a));
        if (backend.readMany !== undefined) {
          const many = await backend.readMany([a, b]);
          expect(many.map((m) => Array.from(m)), 'readMany').toEqual(reads.map((r) => Array.from(r)));
        }
      } finally {
        dispose([a, b]);
      }
    },
  },
];

export const memoryGroup: CaseGroup = { name: 'memory', checks: memoryChecks };
