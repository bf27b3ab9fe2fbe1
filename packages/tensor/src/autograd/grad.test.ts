import { beforeEach, describe, expect, it } from 'vitest';
import {
  add,
  createCpuBackend,
  customGrad,
  fromArray,
  grad,
  GradientError,
  matmul,
  mul,
  numHandles,
  round,
  setBackend,
  sigmoid,
  softplus,
  square,
  stopGradient,
  sum,
  tanh,
  valueAndGrad,
  variable,
  variableGrads,
  arange,
  zeros,
  type Tensor,
} from '../index.js';

beforeEach(() => {
  setBackend(createCpuBackend());
});

const values = async (t: Tensor): Promise<number[]> => [...(await t.data())];
const f64 = (v: number[] | number[][]) => fromArray(v, { dtype: 'float64' });

describe('valueAndGrad', () => {
  it('returns the value and one gradient per argument', async () => {
    const { value, grads } = valueAndGrad((x) => sum(square(x)))(f64([1, 2, 3]));
    expect(await value.item()).toBe(14);
    expect(await values(grads[0]!)).toEqual([2, 4, 6]);
  });

  it('differentiates through matmul and broadcasting', async () => {
    const x = f64([[1, 2]]);
    const w = f64([[3], [4]]);
    const b = f64([0.5]);
    const [dx, dw, db] = grad((x, w, b) => sum(add(matmul(x, w), b)))(x, w, b);
    expect(await values(dx!)).toEqual([3, 4]);
    expect(await values(dw!)).toEqual([1, 2]);
    expect(await values(db!)).toEqual([1]);
  });

  it('accumulates the gradient of a weight shared across time steps', async () => {
    // h_t = tanh(w · h_{t-1}) unrolled 3 steps: d h_3 / d w sums three contributions.
    const step = (w: Tensor) => {
      let h = f64([0.5]);
      for (let t = 0; t < 3; t++) h = tanh(mul(w, h));
      return sum(h);
    };
    const w0 = 0.8;
    const [dw] = grad(step)(f64([w0]));
    const eps = 1e-6;
    const at = (w: number) => step(f64([w])).itemSync();
    const numeric = (at(w0 + eps) - at(w0 - eps)) / (2 * eps);
    expect((await values(dw!))[0]).toBeCloseTo(numeric, 8);
  });

  it('gives zero gradients to arguments that do not influence the output', async () => {
    const [, dy] = grad((x, _y) => sum(x))(f64([1, 2]), f64([3]));
    expect(await values(dy!)).toEqual([0]);
  });

  it('seeds a non-scalar output with dy', async () => {
    const [dx] = grad((x) => mul(x, 3), f64([1, 10]))(f64([5, 6]));
    expect(await values(dx!)).toEqual([3, 30]);
  });

  it('refuses integer arguments with a typed error', () => {
    expect(() => grad((x) => sum(x))(arange(3))).toThrow(GradientError);
  });

  it('leaves no handles behind but the results', () => {
    const x = f64([1, 2, 3]);
    const before = numHandles();
    const { value, grads } = valueAndGrad((x) => sum(sigmoid(mul(x, x))))(x);
    expect(numHandles()).toBe(before + 2);
    value.dispose();
    grads[0]!.dispose();
    expect(numHandles()).toBe(before);
  });
});

describe('stopGradient', () => {
  it('treats its input as a constant', async () => {
    const [dx] = grad((x) => sum(mul(x, stopGradient(x))))(f64([2, 3]));
    expect(await values(dx!)).toEqual([2, 3]);
  });
});

describe('variableGrads', () => {
  it('returns gradients for the trainable variables the function used', async () => {
    const w = variable(f64([1, 2]), { name: 'w' });
    const frozen = variable(f64([5]), { name: 'frozen', trainable: false });
    variable(f64([7]), { name: 'unused' });
    const { value, grads } = variableGrads(() => sum(mul(square(w), frozen)));
    expect(await value.item()).toBe(25);
    expect([...grads.keys()].map((v) => v.name)).toEqual(['w']);
    expect(await values(grads.get(w)!)).toEqual([10, 20]);
  });

  it('limits gradients to an explicit list, trainable or not', async () => {
    const a = variable(f64([1]), { name: 'a', trainable: false });
    const b = variable(f64([2]), { name: 'b' });
    const { grads } = variableGrads(() => sum(mul(a, b)), [a]);
    expect([...grads.keys()]).toEqual([a]);
    expect(await values(grads.get(a)!)).toEqual([2]);
  });
});

describe('customGrad', () => {
  it('uses the given gradient: ops inside the forward are not taped', async () => {
    // Straight-through estimator: round forward, identity backward. The taped gradient of
    // round would be zero, so a non-zero result proves the inner op was not recorded.
    const roundSte = customGrad((x) => round(x), (dy) => [dy]);
    const [dx] = grad((x) => sum(mul(roundSte(x), 2)))(f64([0.4, 1.6]));
    expect(await values(dx!)).toEqual([2, 2]);
  });

  it('passes the saved inputs and value to the gradient', async () => {
    const cube = customGrad(
      (x) => mul(mul(x, x), x),
      (dy, { inputs }) => [mul(dy, mul(square(inputs[0]!), 3))],
    );
    const [dx] = grad((x) => sum(cube(x)))(f64([2]));
    expect(await values(dx!)).toEqual([12]);
  });
});

describe('the tape', () => {
  it('records nothing outside grad: inference creates no saved tensors', () => {
    const x = f64([1, 2, 3]);
    const before = numHandles();
    sigmoid(mul(x, x));
    // Only the two results exist; nothing was kept for a backward pass.
    expect(numHandles()).toBe(before + 2);
  });

  it('records only what depends on a watched input', () => {
    const constant = f64([1, 2, 3]);
    let during = 0;
    const before = numHandles();
    grad((x) => {
      // A long chain on a constant: untracked, so the tape saves none of it.
      let c = constant;
      for (let i = 0; i < 10; i++) c = sigmoid(c);
      during = numHandles() - before;
      return sum(mul(x, c));
    })(f64([1, 1, 1]));
    // 1 alias of x + 10 chain results; no saved aliases for the sigmoids.
    expect(during).toBe(11);
  });

  it('runs backward from zeros when an output is unused', async () => {
    const [dx] = grad((_x: Tensor) => sum(zeros([2], { dtype: 'float64' })))(f64([1, 2]));
    expect(await values(dx!)).toEqual([0, 0]);
  });
});

describe('softplus', () => {
  it('has gradient σ(x), ½ at exactly 0 (no kink from its stable form)', async () => {
    const [dx] = grad((x: Tensor) => sum(softplus(x)))(f64([0, 2, -3]));
    const sigma = (v: number): number => 1 / (1 + Math.exp(-v));
    (await values(dx!)).forEach((v, i) => {
      expect(v).toBeCloseTo(sigma([0, 2, -3][i]!), 12);
    });
  });
});
