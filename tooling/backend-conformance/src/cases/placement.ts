/**
 * Results live on their inputs' backend, whatever the current backend is: every tensor an op
 * creates internally (number operands, seeds and zero gradients, padding blocks, arange in
 * oneHot) must follow its inputs. The current backend is set to a destroyed cpu backend, so any
 * fallback to it throws instead of silently computing elsewhere.
 */
import {
  add,
  clip,
  createCpuBackend,
  dispose,
  fromArray,
  fullLike,
  gather,
  getBackend,
  hardSigmoid,
  leakyRelu,
  logSumExp,
  matmul,
  mean,
  oneHot,
  onesLike,
  pad,
  pow,
  broadcastTo,
  setBackend,
  softmax,
  split,
  stack,
  sum,
  tidy,
  unstack,
  valueAndGrad,
  where,
  zeros,
  zerosLike,
  scatterAdd,
  type Tensor,
} from '@rnn/tensor';
import { expect } from 'vitest';
import type { CaseGroup, Check } from '../case.js';
import { tensorOn } from '../checks.js';

const placementChecks: Check[] = [
  {
    name: 'ops and gradients put every result on the inputs’ backend, not the current one',
    run: async (env) => {
      const poison = createCpuBackend();
      poison.destroy();
      const previous = setBackend(poison);
      expect(getBackend()).toBe(poison);
      expect(() => zeros([1]), 'the current (destroyed) backend refuses work').toThrow();
      try {
        const results = tidy((): [string, Tensor][] => {
          const x = tensorOn(env, [[0.5, -1, 2], [1.5, 0.25, -0.5]]);
          const v = tensorOn(env, [1, 2, 3]);
          const i = fromArray(new Int32Array([2, 0]), { backend: env.backend });
          const c = fromArray([true, false, true], { backend: env.backend });
          const { value, grads } = valueAndGrad((a: Tensor, _unused: Tensor) => sum(softmax(a)))(x, v);
          return [
            ['add(x, number)', add(x, 2)],
            ['pow(number, x)', pow(2, x)],
            ['mean', mean(x, 1)],
            ['clip', clip(x, 0, 1)],
            ['where with numbers', where(c, v, 0)],
            ['hardSigmoid', hardSigmoid(x)],
            ['leakyRelu', leakyRelu(x)],
            ['logSumExp', logSumExp(x, 1)],
            ['zerosLike', zerosLike(x)],
            ['onesLike', onesLike(x)],
            ['fullLike', fullLike(x, 3)],
            ['broadcastTo', broadcastTo(v, [2, 3])],
            ['pad', pad(x, [[1, 1]], 7)],
            ['stack', stack([v, v])],
            ['split', split(x, 3, 1)[1]!],
            ['unstack', unstack(x)[0]!],
            ['matmul vector·matrix', matmul(v, x, { transposeB: true })],
            ['gather', gather(x, i, 1)],
            ['scatterAdd', scatterAdd(i, tensorOn(env, [[1, 2], [3, 4]]), 1, [2, 3])],
            ['oneHot', oneHot(i, 3)],
            ['valueAndGrad value', value],
            ['gradient', grads[0]!],
            ['gradient of an unused argument', grads[1]!],
          ];
        });
        try {
          for (const [what, t] of results) {
            expect(t.backend, `${what}: lives on the ${env.backend.name} backend`).toBe(env.backend);
            expect((await t.data()).length, `${what}: readable`).toBe(t.size);
          }
        } finally {
          dispose(results.map(([, t]) => t));
        }
      } finally {
        // There is no "unset"; with no previous backend the destroyed one stays current, which
        // behaves like none (any use throws).
        if (previous !== null) setBackend(previous);
      }
    },
  },
];

export const placementGroup: CaseGroup = { name: 'placement', checks: placementChecks };
