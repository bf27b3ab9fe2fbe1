// What the shared conformance suite does not reach: the dense and strided read paths giving the
// same bits, a grid past 65 535 workgroups, Philox block for block, and the edge values (NaN,
// ±∞, ±0, overflow, int32 wrapping) of every elementwise op against the cpu backend.
import { createCpuBackend } from '@rnn/tensor';
import type { Backend, BinaryOp, CompareOp, DType, Handle, RandomSpec, Shape, TypedArray, UnaryOp } from '@rnn/tensor/backend';
import { randomKernel } from '@rnn/tensor/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../backend.js';
import { createTestBackend, noGpuReason } from '../testing/gpu.js';

const cpu = createCpuBackend();

/** `atol + rtol·|expected|` (float32's conformance tolerance); NaN and ±∞ must match exactly. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Number.isFinite(e) ? Math.abs(a - e) <= 1e-6 + 1e-5 * Math.abs(e) : a === e;
    expect(ok, `${what}: element ${i} is ${a}, expected ${e}`).toBe(true);
  }
}

const ramp = (n: number, scale: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * scale);

describe.skipIf(noGpuReason !== null)('webgpu elementwise and random kernels', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createTestBackend();
  });
  afterAll(() => {
    gpu.destroy();
  });

  /** Runs `kernel` on the webgpu and cpu backends with the same inputs; returns both results. */
  async function onBoth(inputs: readonly (readonly [readonly number[], Shape, DType])[], kernel: (b: Backend, specs: { handle: Handle; shape: Shape; dtype: DType }[]) => { handle: Handle; shape: Shape; dtype: DType }): Promise<[TypedArray, TypedArray]> {
    const run = async (b: Backend): Promise<TypedArray> => {
      const specs = inputs.map(([values, shape, dtype]) => ({ handle: b.write(values, shape, dtype), shape, dtype }));
      const out = kernel(b, specs);
      const data = await b.read(out);
      for (const s of [...specs, out]) b.dispose(s.handle);
      return data;
    };
    const live = gpu.numHandles();
    const result: [TypedArray, TypedArray] = [await run(gpu), await run(cpu)];
    expect(gpu.numHandles(), 'no leaked handles').toBe(live);
    return result;
  }

  describe('dense and strided reads', () => {
    /** `values` of `shape` repeated to `outShape` (a dense copy of the broadcast). */
    function tile(values: readonly number[], shape: Shape, outShape: Shape): number[] {
      const offset = outShape.length - shape.length;
      const n = outShape.reduce((p, d) => p * d, 1);
      return Array.from({ length: n }, (_, flat) => {
        let rest = flat;
        let source = 0;
        let stride = 1;
        for (let d = outShape.length - 1; d >= 0; d--) {
          const coordinate = rest % outShape[d]!;
          rest = Math.floor(rest / outShape[d]!);
          const size = d - offset >= 0 ? shape[d - offset]! : 1;
          if (size !== 1) source += coordinate * stride;
          stride *= size;
        }
        return values[source]!;
      });
    }

    const cases: readonly (readonly [Shape, Shape, Shape])[] = [
      [[3, 4, 5], [4, 1], [3, 4, 5]],
      [[2, 3, 4], [4], [2, 3, 4]],
      [[5, 1, 3], [1, 4, 1], [5, 4, 3]],
      [[1, 2, 1, 3, 1, 2, 1, 2, 1, 2], [2], [1, 2, 1, 3, 1, 2, 1, 2, 1, 2]],
    ];
    for (const [aShape, bShape, outShape] of cases) {
      it(`binary and where over [${aShape.join(',')}]·[${bShape.join(',')}] give the bits of the dense copies`, async () => {
        const n = (s: Shape): number => s.reduce((p, d) => p * d, 1);
        const a = ramp(n(aShape), 3);
        const b = ramp(n(bShape), 2).map((v) => v + 0.1);
        const cond = b.map((v) => (v > 0 ? 1 : 0));
        const dense: [readonly number[], Shape, DType][] = [
          [tile(a, aShape, outShape), outShape, 'float32'],
          [tile(b, bShape, outShape), outShape, 'float32'],
          [tile(cond, bShape, outShape), outShape, 'bool'],
        ];
        const broadcast: [readonly number[], Shape, DType][] = [
          [a, aShape, 'float32'],
          [b, bShape, 'float32'],
          [cond, bShape, 'bool'],
        ];
        for (const op of ['div', 'pow', 'maximum'] as const) {
          const kernel = (be: Backend, [x, y]: { handle: Handle; shape: Shape; dtype: DType }[]) => ({ handle: be.binary(op, x!, y!, outShape), shape: outShape, dtype: 'float32' as const });
          const [strided] = await onBoth(broadcast, kernel);
          const [direct, reference] = await onBoth(dense, kernel);
          expect(Array.from(strided), op).toEqual(Array.from(direct));
          expectClose(strided, reference, op);
        }
        const choose = (be: Backend, [x, y, c]: { handle: Handle; shape: Shape; dtype: DType }[]) => ({ handle: be.where(c!, y!, x!, outShape), shape: outShape, dtype: 'float32' as const });
        const [strided, reference] = await onBoth(broadcast, choose);
        const [direct] = await onBoth(dense, choose);
        expect(Array.from(strided), 'where').toEqual(Array.from(direct));
        expect(Array.from(strided), 'where vs cpu').toEqual(Array.from(reference));
      });
    }
  });

  it('covers every element past 65 535 workgroups of 64 (the grid spills into y)', async () => {
    const n = 65_535 * 64 + 4099;
    const values = new Int32Array(n).map((_, i) => i);
    const x = gpu.write(values, [n], 'int32');
    const y = gpu.unary('neg', { handle: x, shape: [n], dtype: 'int32' });
    const out = (await gpu.read({ handle: y, shape: [n], dtype: 'int32' })) as Int32Array;
    gpu.dispose(x);
    gpu.dispose(y);
    let wrong = 0;
    for (let i = 0; i < n; i++) if (out[i] !== -i) wrong++;
    expect(wrong).toBe(0);
  });

  describe('Philox', () => {
    async function draw(spec: RandomSpec, n: number, dtype: DType): Promise<TypedArray> {
      const h = gpu.random(spec, [n], dtype);
      const data = await gpu.read({ handle: h, shape: [n], dtype });
      gpu.dispose(h);
      return data;
    }
    const reference = (spec: RandomSpec, n: number, dtype: DType): TypedArray => {
      const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
      randomKernel(spec, out);
      return out;
    };

    it('matches the Random123 known answer for key 0, counter 0', async () => {
      const u = await draw({ distribution: 'uniform', key: [0, 0], counter: 0, a: 0, b: 1 }, 4, 'float32');
      // philox4x32-10(0, 0) = 6627e8d5 e169c58d bc57ac4c 9b00dbd8; a uniform keeps the top 24 bits.
      expect(Array.from(u, (v) => v * 2 ** 24)).toEqual([0x6627e8, 0xe169c5, 0xbc57ac, 0x9b00db]);
    });

    const streams: readonly (readonly [key: [number, number], counter: number])[] = [
      [[0, 0], 0],
      [[0xdeadbeef, 0x12345678], 17],
      // The counter's low word carries into the high word inside one dispatch.
      [[7, 0xffffffff], 2 ** 32 - 3],
      [[0xffffffff, 0xffffffff], 2 ** 52 + 2 ** 32 + 5],
    ];
    for (const [key, counter] of streams) {
      it(`equals the cpu backend for key [${key.join(', ')}], counter ${counter}`, async () => {
        const n = 45;
        for (const [spec, dtype] of [
          [{ distribution: 'uniform', key, counter, a: -3, b: 5 }, 'float32'],
          [{ distribution: 'bernoulli', key, counter, a: 0.37, b: 0 }, 'int32'],
          [{ distribution: 'bernoulli', key, counter, a: 0.5, b: 0 }, 'bool'],
          [{ distribution: 'bernoulli', key, counter, a: 1, b: 0 }, 'float32'],
        ] as const) {
          expect(Array.from(await draw(spec, n, dtype)), `${spec.distribution} ${dtype}`).toEqual(Array.from(reference(spec, n, dtype)));
        }
        const normal: RandomSpec = { distribution: 'normal', key, counter, a: 0.5, b: 2 };
        expectClose(await draw(normal, n, 'float32'), reference(normal, n, 'float32'), 'normal');
      });
    }

    it('fills past 65 535 workgroups: the tail equals the cpu stream from its block on', async () => {
      const n = 4 * 65_535 * 64 + 4 * 300 + 3;
      const spec: RandomSpec = { distribution: 'uniform', key: [42, 9], counter: 5, a: 0, b: 1 };
      const all = await draw(spec, n, 'float32');
      const tailBlock = Math.floor(n / 4) - 400;
      const tail = reference({ ...spec, counter: spec.counter + tailBlock }, n - tailBlock * 4, 'float32');
      expect(Array.from(all.subarray(tailBlock * 4))).toEqual(Array.from(tail));
    });
  });

  describe('edge values against the cpu backend', () => {
    const special = [NaN, Infinity, -Infinity, 0, -0, 1e-30, 1e-7, -1e-5, 0.5, -0.5, 1.5, 2.5, -2.5, 3, -3.7, 20, -20, 88, 89, -104, 1000, -1e4, 3e9, -3e9, 1e30];
    const unaryOps: readonly UnaryOp[] = ['neg', 'abs', 'sign', 'square', 'relu', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'tanh', 'sigmoid', 'sin', 'cos', 'floor', 'ceil', 'round'];
    for (const op of unaryOps) {
      it(`unary ${op} float32`, async () => {
        // Beyond 1e4, sin and cos would need a longer reduction of π/2 than Cody–Waite's.
        const values = op === 'sin' || op === 'cos' ? special.filter((v) => !(Math.abs(v) > 1e4)) : special;
        const [actual, expected] = await onBoth([[values, [values.length], 'float32']], (b, [x]) => ({ handle: b.unary(op, x!), shape: x!.shape, dtype: 'float32' }));
        expectClose(actual, expected, op);
      });
    }

    it('unary int32 ops wrap like Int32Array', async () => {
      const ints = [-(2 ** 31), 2 ** 31 - 1, -46_341, 46_341, 94_906_267, 123_456_789, -7, 0, 5];
      for (const op of ['neg', 'abs', 'sign', 'square', 'relu', 'round'] as const) {
        const [actual, expected] = await onBoth([[ints, [ints.length], 'int32']], (b, [x]) => ({ handle: b.unary(op, x!), shape: x!.shape, dtype: 'int32' }));
        expect(Array.from(actual), op).toEqual(Array.from(expected));
      }
    });

    /** Every pair of `values` (a outer, b inner), as two [n·n] operands. */
    const pairs = (values: readonly number[]): [number[], number[]] => [values.flatMap((a) => values.map(() => a)), values.flatMap(() => values)];
    const floatBinaryOps: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'];
    for (const op of floatBinaryOps) {
      it(`binary ${op} float32 over pairs of special values`, async () => {
        const [a, b] = pairs([NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 2.5, 1e30, -1e-30]);
        const [actual, expected] = await onBoth(
          [
            [a, [a.length], 'float32'],
            [b, [b.length], 'float32'],
          ],
          (be, [x, y]) => ({ handle: be.binary(op, x!, y!, x!.shape), shape: x!.shape, dtype: 'float32' }),
        );
        expectClose(actual, expected, op);
        // Math.max(0, −0) is 0 and Math.min is −0: both signs of zero must survive.
        if (op === 'maximum' || op === 'minimum') expect(Array.from(actual).map((v) => Object.is(v, -0))).toEqual(Array.from(expected).map((v) => Object.is(v, -0)));
      });
    }

    it('binary int32 ops wrap like Int32Array, and x/0 stores 0', async () => {
      const all = pairs([-(2 ** 31), 2 ** 31 - 1, 65_536, 94_906_267, -7, -3, -1, 0, 1, 2, 3, 20, 31, 32]);
      for (const op of floatBinaryOps) {
        // Past 2^53 Math.pow's rounding is the engine's own; the kernel wraps there instead.
        const keep = all[0].map((a, i) => op !== 'pow' || Math.abs(a) ** all[1][i]! < 2 ** 53);
        const a = all[0].filter((_, i) => keep[i]);
        const b = all[1].filter((_, i) => keep[i]);
        const [actual, expected] = await onBoth(
          [
            [a, [a.length], 'int32'],
            [b, [b.length], 'int32'],
          ],
          (be, [x, y]) => ({ handle: be.binary(op, x!, y!, x!.shape), shape: x!.shape, dtype: 'int32' }),
        );
        expect(Array.from(actual), op).toEqual(Array.from(expected));
      }
    });

    it('comparisons with NaN are false (notEqual true), ±0 are equal', async () => {
      const [a, b] = pairs([NaN, Infinity, -Infinity, 0, -0, 1, -1]);
      for (const op of ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as readonly CompareOp[]) {
        const [actual, expected] = await onBoth(
          [
            [a, [a.length], 'float32'],
            [b, [b.length], 'float32'],
          ],
          (be, [x, y]) => ({ handle: be.compare(op, x!, y!, x!.shape), shape: x!.shape, dtype: 'bool' }),
        );
        expect(Array.from(actual), op).toEqual(Array.from(expected));
      }
    });

    it('cast float32 → int32 maps NaN and ±∞ to 0 and wraps out-of-range values; → bool is x ≠ 0', async () => {
      const values = [NaN, Infinity, -Infinity, 0, -0, 0.9, -0.9, 2 ** 31, -(2 ** 31), 3e9, -3e9, 2 ** 40 + 2 ** 31, 1e20, -16_777_217, 12_345_678.5];
      for (const dtype of ['int32', 'bool'] as const) {
        const [actual, expected] = await onBoth([[values, [values.length], 'float32']], (b, [x]) => ({ handle: b.cast(x!, dtype), shape: x!.shape, dtype }));
        expect(Array.from(actual), dtype).toEqual(Array.from(expected));
      }
    });
  });
});
