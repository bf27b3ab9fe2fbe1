// The SIMD elementwise paths compute each element with one IEEE operation, so they must agree
// with the cpu backend's float32 results bit for bit — including ±0 and infinities. NaNs are
// compared as NaN: a NaN's sign and payload are not specified by either side.
import { add, createCpuBackend, div, fromArray, maximum, minimum, mul, neg, abs, relu, sqrt, square, reciprocal, sub, type Backend, type Tensor } from '@rnn/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from './index.js';

const wasm = await createWasmBackend();
const cpu = createCpuBackend();
afterAll(() => {
  wasm.destroy();
  cpu.destroy();
});

const SPECIAL = [0, -0, 1, -1, 0.1, -2.5, 3e38, -3e38, 1e-40, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const values = (n: number, seed: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => (i < SPECIAL.length && seed === 0 ? SPECIAL[i]! : Math.sin(i * 12.9898 + seed * 78.233) * 4));

const bits = (t: Tensor): (number | 'NaN')[] => {
  const data = Float32Array.from(t.dataSync());
  return [...new Uint32Array(data.buffer)].map((b, i) => (Number.isNaN(data[i]) ? 'NaN' : b));
};

function sameOnBoth(shapes: readonly (readonly number[])[], f: (...xs: Tensor[]) => Tensor): void {
  const run = (backend: Backend): (number | 'NaN')[] => {
    const xs = shapes.map((shape, k) => fromArray(values(shape.reduce((p, d) => p * d, 1), k), { shape, backend }));
    const y = f(...xs);
    const out = bits(y);
    for (const t of [...xs, y]) t.dispose();
    return out;
  };
  expect(run(wasm)).toEqual(run(cpu));
}

const BINARY = { add, sub, mul, div, maximum, minimum };
const UNARY = { neg, abs, square, relu, sqrt, reciprocal };
const SHAPES: readonly [string, number[], number[]][] = [
  ['same shape, 4k+3 elements', [5, 7], [5, 7]],
  ['scalar on the right', [3, 13], []],
  ['scalar on the left', [], [2, 9]],
  ['a bias row on the right', [6, 11], [11]],
  ['a bias row on the left', [1, 8], [4, 8]],
  ['a column on the right', [5, 6], [5, 1]],
  ['a column on the left', [2, 3, 1], [2, 3, 9]],
  ['a column and a row (an outer sum)', [3, 1], [1, 5]],
  ['a middle-axis broadcast (the reference path)', [4, 1, 3], [4, 2, 3]],
];

describe('SIMD elementwise kernels equal the reference kernels bit for bit', () => {
  for (const [name, op] of Object.entries(BINARY)) {
    it.each(SHAPES)(`${name}: %s`, (_label, a, b) => {
      sameOnBoth([a, b], op);
    });
  }
  for (const [name, op] of Object.entries(UNARY)) {
    it(`${name} over special values and a tail`, () => {
      sameOnBoth([[4, 7]], op);
    });
  }
});
