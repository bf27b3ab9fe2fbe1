/**
 * Result dtypes (PyTorch promotion: bool < int32 < float32 < float64, numbers adapt to
 * tensors) and the storage a backend hands back for each: `data()` returns Float32Array,
 * Float64Array, Int32Array or Uint8Array.
 */
import {
  add,
  argmax,
  cast,
  dispose,
  div,
  equal,
  exp,
  fromArray,
  matmul,
  mean,
  mul,
  neg,
  oneHot,
  sum,
  tidy,
  where,
  type DType,
  type Tensor,
} from '@rnn/tensor';
import { expect } from 'vitest';
import type { CaseGroup, Check } from '../case.js';
import { arrayClassOf, tensorOn } from '../checks.js';

const dtypeChecks: Check[] = [
  {
    name: 'result dtypes follow promotion, and data() returns the matching typed array',
    run: async (env) => {
      const { backend, dtype } = env;
      const results = tidy((): [string, Tensor, DType][] => {
        const f = tensorOn(env, [[1.5, -2], [0.5, 3]]);
        const i = fromArray(new Int32Array([1, -2, 3, 4]), { shape: [2, 2], backend });
        const b = fromArray([true, false, true, true], { shape: [2, 2], backend });
        return [
          ['float + number', add(f, 2.5), dtype],
          ['int32 + int number', add(i, 2), 'int32'],
          ['int32 + fractional number', add(i, 0.5), 'float32'],
          ['int32 + float', add(i, f), dtype],
          ['bool + bool', add(b, b), 'int32'],
          ['bool · float', mul(b, f), dtype],
          ['int32 / int32', div(i, i), 'float32'],
          ['neg(int32)', neg(i), 'int32'],
          ['exp(int32)', exp(i), 'float32'],
          ['compare', equal(f, i), 'bool'],
          ['argmax', argmax(f, 1), 'int32'],
          ['sum(bool)', sum(b), 'int32'],
          ['sum(int32)', sum(i, 0), 'int32'],
          ['mean(int32)', mean(i), 'float32'],
          ['matmul(int32, int32)', matmul(i, i), 'int32'],
          ['matmul(int32, float)', matmul(i, f), dtype],
          ['where(bool, int32, float)', where(b, i, f), dtype],
          ['oneHot default', oneHot(fromArray(new Int32Array([0, 1]), { backend }), 2), 'float32'],
          ['cast to int32', cast(f, 'int32'), 'int32'],
          ['cast to bool', cast(f, 'bool'), 'bool'],
        ];
      });
      try {
        for (const [what, t, expected] of results) {
          expect(t.dtype, `${what}: dtype`).toBe(expected);
          expect(await t.data(), `${what}: data() storage`).toBeInstanceOf(arrayClassOf(expected));
        }
      } finally {
        dispose(results.map(([, t]) => t));
      }
    },
  },
];

export const dtypesGroup: CaseGroup = { name: 'dtypes', checks: dtypeChecks };
