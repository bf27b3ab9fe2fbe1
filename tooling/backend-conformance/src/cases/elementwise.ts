/**
 * Elementwise ops: every unary op and activation, and the binary arithmetic ops under every
 * broadcasting pattern (suffix, interleaved size-1 dims, numbers, rank 0, empty, size 1).
 */
import {
  abs,
  add,
  ceil,
  cos,
  div,
  exp,
  expm1,
  floor,
  hardSigmoid,
  leakyRelu,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  tanh,
  type Operand,
  type Shape,
  type Tensor,
} from '@rnn/tensor';
import { intsInput, uniformInput, valuesInput, type Case, type CaseGroup, type Input } from '../case.js';

interface UnarySpec {
  readonly name: string;
  readonly fn: (x: Tensor) => Tensor;
  /** Inputs are drawn from [low, high): positive where the op needs it, away from kinks. */
  readonly low: number;
  readonly high: number;
  readonly differentiable: boolean;
}

const unaries: readonly UnarySpec[] = [
  { name: 'neg', fn: neg, low: -2, high: 2, differentiable: true },
  { name: 'abs', fn: abs, low: -2, high: 2, differentiable: true },
  { name: 'sign', fn: sign, low: -2, high: 2, differentiable: false },
  { name: 'square', fn: square, low: -2, high: 2, differentiable: true },
  { name: 'relu', fn: relu, low: -2, high: 2, differentiable: true },
  { name: 'exp', fn: exp, low: -3, high: 3, differentiable: true },
  { name: 'expm1', fn: expm1, low: -1, high: 1, differentiable: true },
  { name: 'log', fn: log, low: 0.1, high: 4, differentiable: true },
  { name: 'log1p', fn: log1p, low: -0.5, high: 3, differentiable: true },
  { name: 'sqrt', fn: sqrt, low: 0.1, high: 4, differentiable: true },
  { name: 'rsqrt', fn: rsqrt, low: 0.25, high: 4, differentiable: true },
  { name: 'reciprocal', fn: reciprocal, low: 0.3, high: 3, differentiable: true },
  { name: 'tanh', fn: tanh, low: -3, high: 3, differentiable: true },
  { name: 'sigmoid', fn: sigmoid, low: -5, high: 5, differentiable: true },
  { name: 'sin', fn: sin, low: -4, high: 4, differentiable: true },
  { name: 'cos', fn: cos, low: -4, high: 4, differentiable: true },
  { name: 'floor', fn: floor, low: -4, high: 4, differentiable: false },
  { name: 'ceil', fn: ceil, low: -4, high: 4, differentiable: false },
  { name: 'round', fn: round, low: -4, high: 4, differentiable: false },
  { name: 'hardSigmoid', fn: (x) => hardSigmoid(x), low: -4, high: 4, differentiable: true },
  { name: 'hardSigmoid(alpha 1/6, beta 0.5)', fn: (x) => hardSigmoid(x, { alpha: 1 / 6, beta: 0.5 }), low: -5, high: 5, differentiable: true },
  { name: 'softplus', fn: softplus, low: -5, high: 5, differentiable: true },
  { name: 'leakyRelu', fn: (x) => leakyRelu(x), low: -2, high: 2, differentiable: true },
  { name: 'leakyRelu(0.2)', fn: (x) => leakyRelu(x, 0.2), low: -2, high: 2, differentiable: true },
];

const unaryCases: Case[] = unaries.flatMap((u): Case[] => [
  { name: `${u.name} [3,5]`, inputs: [uniformInput([3, 5], u.low, u.high)], op: u.fn, differentiable: u.differentiable },
  { name: `${u.name} rank 0`, inputs: [uniformInput([], u.low, u.high)], op: u.fn, differentiable: u.differentiable },
  { name: `${u.name} empty [0,3]`, inputs: [uniformInput([0, 3], u.low, u.high)], op: u.fn, differentiable: u.differentiable },
]);

/** Edge values each op must get right: exact zeros, halves (round half to even), large magnitudes. */
const edgeCases: Case[] = [
  {
    name: 'round halves to even',
    inputs: [valuesInput([-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49, -0.51, 2.5000002, 0])],
    op: round,
    differentiable: false,
  },
  { name: 'floor/ceil/sign at integers and zero', inputs: [valuesInput([-2, -1, 0, 1, 2, -0.25, 0.25])], op: (x) => [floor(x), ceil(x), sign(x)], differentiable: false },
  { name: 'expm1/log1p near zero', inputs: [valuesInput([1e-10, -1e-8, 1e-6, -1e-4, 3e-3])], op: (x) => [expm1(x), log1p(x)], differentiable: true },
  { name: 'softplus/sigmoid at large |x|', inputs: [valuesInput([-80, -30, -12, 12, 30, 80])], op: (x) => [softplus(x), sigmoid(x), tanh(x)], differentiable: true },
  { name: 'relu/abs/leakyRelu/hardSigmoid at exact zero (forward)', inputs: [valuesInput([0, -0, 0, 2.5, -2.5, 3, -3])], op: (x) => [relu(x), abs(x), leakyRelu(x), hardSigmoid(x)], differentiable: false },
  {
    name: 'int32 unaries (neg abs sign square relu floor ceil round stay int32; exp log sqrt give float32)',
    inputs: [intsInput([-3, -1, 0, 2, 5, 7])],
    op: (x) => [neg(x), abs(x), sign(x), square(x), relu(x), floor(x), ceil(x), round(x), exp(x), sqrt(abs(x)), log1p(abs(x))],
    composite: true,
    differentiable: false,
  },
];

interface BinarySpec {
  readonly name: string;
  readonly fn: (a: Operand, b: Operand) => Tensor;
  /** Ranges for the left and right operand (positive base for pow, non-zero divisor for div). */
  readonly a: readonly [number, number];
  readonly b: readonly [number, number];
}

const binaries: readonly BinarySpec[] = [
  { name: 'add', fn: add, a: [-2, 2], b: [-2, 2] },
  { name: 'sub', fn: sub, a: [-2, 2], b: [-2, 2] },
  { name: 'mul', fn: mul, a: [-2, 2], b: [-2, 2] },
  { name: 'div', fn: div, a: [-2, 2], b: [0.5, 2] },
  { name: 'pow', fn: pow, a: [0.5, 2], b: [-2, 2] },
  { name: 'maximum', fn: maximum, a: [-2, 2], b: [-2, 2] },
  { name: 'minimum', fn: minimum, a: [-2, 2], b: [-2, 2] },
];

/** Shape pairs: same, suffix, interleaved size-1 dims, rank 0, size 1, empty. */
const broadcasts: readonly (readonly [Shape, Shape])[] = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[2, 1, 4], [3, 1]],
  [[2, 3], []],
  [[1], [1, 1]],
  [[4, 1], [1, 5]],
  [[0, 3], [3]],
  [[2, 0], [1]],
];

const binaryCases: Case[] = binaries.flatMap((b): Case[] => [
  ...broadcasts.map(
    ([sa, sb]): Case => ({
      name: `${b.name} [${sa.join(',')}]·[${sb.join(',')}]`,
      inputs: [uniformInput(sa, ...b.a), uniformInput(sb, ...b.b)],
      op: (x, y) => b.fn(x, y),
      differentiable: true,
    }),
  ),
  // A number on either side (a scalar drawn from the operand's range, so pow keeps a positive base).
  {
    name: `${b.name} tensor·number`,
    inputs: [uniformInput([2, 3], ...b.a)],
    op: (x) => b.fn(x, (b.b[0] + b.b[1]) / 2 + 0.25),
    differentiable: true,
  },
  {
    name: `${b.name} number·tensor`,
    inputs: [uniformInput([2, 3], ...b.b)],
    op: (y) => b.fn((b.a[0] + b.a[1]) / 2 + 0.75, y),
    differentiable: true,
  },
  // The same tensor on both sides: gradients from both operands add up.
  // (For maximum/minimum every element ties; the even split sums back to the true derivative.)
  {
    name: `${b.name} x·x`,
    inputs: [uniformInput([5], Math.max(b.a[0], b.b[0]), Math.min(b.a[1], b.b[1]))],
    op: (x) => b.fn(x, x),
    differentiable: true,
  },
]);

const specialCases: Case[] = [
  {
    name: 'maximum/minimum with ties (gradient split evenly, as PyTorch)',
    inputs: [valuesInput([1, -2, 3, 0.5, 0], [5]), valuesInput([1, 2, -3, 0.5, 0], [5])],
    op: (a, b) => [maximum(a, b), minimum(a, b)],
    differentiable: true,
    gradcheck: false,
  },
  {
    name: 'pow with integer and zero exponents, zero base',
    inputs: [valuesInput([0, 0.5, 2, 3, -2, 1.5], [6]), valuesInput([2, 0, 3, 1, 2, 0], [6])],
    op: (a, b) => pow(a, b),
    differentiable: true,
    gradcheck: false,
  },
  { name: 'pow square and sqrt by numbers', inputs: [uniformInput([7], 0.5, 3)], op: (x) => [pow(x, 2), pow(x, 0.5), pow(x, -1), pow(2, x)], differentiable: true },
  {
    name: 'div by zero gives ±Infinity and NaN',
    inputs: [valuesInput([1, -1, 0, 2]), valuesInput([0, 0, 0, -0])],
    op: (a, b) => div(a, b),
    differentiable: false,
  },
  {
    name: 'int32 arithmetic stays int32; div is true division',
    inputs: [intsInput([7, -7, 3, 0, 12, -5], [2, 3]), intsInput([2, 3, -4])],
    op: (a, b) => [add(a, b), sub(a, b), mul(a, b), maximum(a, b), minimum(a, b), div(a, b), add(a, 1), mul(a, 2.5)],
    differentiable: false,
  },
  {
    name: 'int32 with float promotes to float',
    inputs: [intsInput([1, 2, 3, -4, 5, -6], [2, 3]), uniformInput([3])],
    op: (a, b) => [add(a, b), mul(b, a), sub(a, b), div(a, b)],
    differentiable: true,
  },
  {
    name: 'bool arithmetic promotes to int32',
    inputs: [valuesInput([1, 0, 1, 1], [4], 'bool'), valuesInput([0, 0, 1, 1], [4], 'bool')],
    op: (a, b) => [add(a, b), mul(a, b), add(a, 2)],
    differentiable: false,
  },
  {
    name: 'chain of broadcasts',
    inputs: [uniformInput([2, 1, 3]), uniformInput([4, 1]), uniformInput([3], 0.5, 1.5)],
    op: (a, b, c) => div(mul(add(a, b), sub(b, a)), c),
    composite: true,
    differentiable: true,
  },
];

const inputsOf = (...shapes: Shape[]): Input[] => shapes.map((s) => uniformInput(s));

const largeCases: Case[] = [
  { name: 'add/mul/tanh over 10k elements', inputs: inputsOf([100, 100], [100]), op: (a, b) => tanh(add(mul(a, b), b)), composite: true, differentiable: true },
];

export const unaryGroup: CaseGroup = { name: 'unary', cases: [...unaryCases, ...edgeCases] };
export const binaryGroup: CaseGroup = { name: 'binary', cases: [...binaryCases, ...specialCases, ...largeCases] };
