/**
 * The autograd API beyond valueAndGrad: grad, seeds for non-scalar outputs, unused arguments,
 * stopGradient, customGrad, variableGrads over trainable variables, and toBackend.
 */
import {
  add,
  customGrad,
  dispose,
  fromArray,
  grad,
  matmul,
  mul,
  round,
  square,
  stopGradient,
  sum,
  tanh,
  tidy,
  toBackend,
  valueAndGrad,
  variable,
  variableGrads,
  type Tensor,
} from '@rnn/tensor';
import { expect } from 'vitest';
import type { CaseGroup, Check } from '../case.js';
import { tensorOn, valuesOf } from '../checks.js';
import { expectAllclose, expectExactlyEqual } from '../compare.js';

const autogradChecks: Check[] = [
  {
    name: 'grad(f) returns the gradients of valueAndGrad(f); an unused argument gets zeros',
    run: async (env) => {
      const x = tensorOn(env, [0.5, -1, 2]);
      const y = tensorOn(env, [3, 1, -2]);
      const unused = tensorOn(env, [[1, 2]]);
      const f = (a: Tensor, b: Tensor, _c: Tensor): Tensor => sum(mul(tanh(a), b));
      const gs = grad(f)(x, y, unused);
      const { value, grads } = valueAndGrad(f)(x, y, unused);
      try {
        expect(gs).toHaveLength(3);
        for (let i = 0; i < 3; i++) expectExactlyEqual(await valuesOf(gs[i]!), await valuesOf(grads[i]!), `grad vs valueAndGrad, argument ${i}`);
        expect([...gs[2]!.shape]).toEqual([1, 2]);
        expect(await valuesOf(gs[2]!), 'the unused argument').toEqual([0, 0]);
        const t = [0.5, -1, 2].map(Math.tanh);
        expectAllclose(await valuesOf(gs[1]!), t, env.tolerances, 'd/db sum(tanh(a)·b) = tanh(a)');
        expectAllclose(await valuesOf(value), [t[0]! * 3 + t[1]! * 1 + t[2]! * -2], env.tolerances, 'the value');
      } finally {
        dispose([x, y, unused, gs, value, grads]);
      }
    },
  },
  {
    name: 'a dy seed weights a non-scalar output',
    run: async (env) => {
      const x = tensorOn(env, [1, 2, 3]);
      const dy = tensorOn(env, [1, 0, -2]);
      const [g] = grad((a: Tensor) => square(a), dy)(x);
      try {
        expect(await valuesOf(g!)).toEqual([2, 0, -12]);
      } finally {
        dispose([x, dy, g]);
      }
    },
  },
  {
    name: 'the same tensor passed twice gets two separate gradients',
    run: async (env) => {
      const x = tensorOn(env, [2, -3]);
      const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(mul(mul(a, a), b)))(x, x);
      try {
        expect(await valuesOf(ga!), 'd/da a²b = 2ab').toEqual([8, 18]);
        expect(await valuesOf(gb!), 'd/db a²b = a²').toEqual([4, 9]);
      } finally {
        dispose([x, ga, gb]);
      }
    },
  },
  {
    name: 'stopGradient makes a constant: d/dx x·stop(x) = stop(x)',
    run: async (env) => {
      const x = tensorOn(env, [1.5, -2, 4]);
      const [g] = grad((a: Tensor) => sum(mul(a, stopGradient(a))))(x);
      try {
        expect(await valuesOf(g!)).toEqual([1.5, -2, 4]);
      } finally {
        dispose([x, g]);
      }
    },
  },
  {
    name: 'customGrad: a straight-through round',
    run: async (env) => {
      const roundSte = customGrad((t) => round(t), (dy) => [dy]);
      const x = tensorOn(env, [0.4, 1.6, -2.2]);
      const w = tensorOn(env, [1, 2, 3]);
      const { value, grads } = valueAndGrad((a: Tensor) => sum(mul(roundSte(a), w)))(x);
      try {
        expect(await valuesOf(value), 'round(x)·w').toEqual([0 * 1 + 2 * 2 + -2 * 3]);
        expect(await valuesOf(grads[0]!), 'the gradient passes straight through').toEqual([1, 2, 3]);
      } finally {
        dispose([x, w, value, grads]);
      }
    },
  },
  {
    name: 'variableGrads: gradients for the trainable variables used, none for the others',
    run: async (env) => {
      const w = tidy(() => variable(tensorOn(env, [[1, 2], [3, 4]]), { name: 'w' }));
      const frozen = tidy(() => variable(tensorOn(env, [10, 20]), { name: 'frozen', trainable: false }));
      const idle = tidy(() => variable(tensorOn(env, [5]), { name: 'idle' }));
      const x = tensorOn(env, [[1, -1]]);
      try {
        const { value, grads } = variableGrads(() => sum(add(matmul(x, w), frozen)));
        expect([...grads.keys()].map((v) => v.name), 'only w').toEqual(['w']);
        expect(await valuesOf(grads.get(w)!), 'd/dw sum(x·w) = xᵀ·1').toEqual([1, 1, -1, -1]);
        expect(await valuesOf(value)).toEqual([1 - 3 + 10 + 2 - 4 + 20]);
        dispose([value, [...grads.values()]]);
        const explicit = variableGrads(() => sum(mul(idle, 2)), [idle, w]);
        expect(explicit.grads.has(w), 'an explicit but unused variable has no entry').toBe(false);
        expect(await valuesOf(explicit.grads.get(idle)!)).toEqual([2]);
        dispose([explicit.value, [...explicit.grads.values()]]);
      } finally {
        dispose([w, frozen, idle, x]);
      }
    },
  },
  {
    name: 'toBackend moves values exactly, both ways',
    run: async (env) => {
      const x = tensorOn(env, [[0.1, -2.5], [1e-7, 3e5]]);
      const i = fromArray(new Int32Array([7, -8]), { backend: env.backend });
      const onOracle = await toBackend(x, env.oracle);
      const back = await toBackend(onOracle, env.backend);
      const iOnOracle = await toBackend(i, env.oracle);
      const iBack = await toBackend(iOnOracle, env.backend);
      try {
        expect(onOracle.backend).toBe(env.oracle);
        expect(back.dtype).toBe(env.dtype);
        expectExactlyEqual(await valuesOf(back), await valuesOf(x), 'round trip', [2, 2], true);
        expect(iBack.dtype).toBe('int32');
        expect(await valuesOf(iBack)).toEqual([7, -8]);
      } finally {
        dispose([x, i, onOracle, back, iOnOracle, iBack]);
      }
    },
  },
];

export const autogradGroup: CaseGroup = { name: 'autograd API', checks: autogradChecks };
