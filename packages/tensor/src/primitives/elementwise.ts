/** Elementwise primitives and their VJPs: unary, binary, compare, where, cast. */
import type { BinaryOp, CompareOp, DType, Shape, UnaryOp } from '../backend/types.js';
import { add, div, mul, pow, sub } from '../ops/arithmetic.js';
import { cast } from '../ops/cast.js';
import { equal, greater, less, where } from '../ops/compare.js';
import { zerosLike } from '../ops/creation.js';
import { unbroadcast } from '../ops/broadcast.js';
import { cos, log, neg, sign, sin } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { primitive } from './primitive.js';

/** One rule per unary op: d/dx given the input x, the output y and the upstream dy. */
interface UnaryRule {
  readonly uses: 'input' | 'output' | 'none';
  readonly vjp: ((x: Tensor, y: Tensor, dy: Tensor) => Tensor) | null;
}

const unaryRules: Record<UnaryOp, UnaryRule> = {
  neg: { uses: 'none', vjp: (_x, _y, dy) => neg(dy) },
  abs: { uses: 'input', vjp: (x, _y, dy) => mul(dy, sign(x)) },
  sign: { uses: 'none', vjp: null },
  square: { uses: 'input', vjp: (x, _y, dy) => mul(dy, mul(x, 2)) },
  relu: { uses: 'input', vjp: (x, _y, dy) => mul(dy, cast(greater(x, 0), dy.dtype)) },
  exp: { uses: 'output', vjp: (_x, y, dy) => mul(dy, y) },
  expm1: { uses: 'output', vjp: (_x, y, dy) => mul(dy, add(y, 1)) },
  log: { uses: 'input', vjp: (x, _y, dy) => div(dy, x) },
  log1p: { uses: 'input', vjp: (x, _y, dy) => div(dy, add(x, 1)) },
  sqrt: { uses: 'output', vjp: (_x, y, dy) => div(dy, mul(y, 2)) },
  rsqrt: { uses: 'output', vjp: (_x, y, dy) => mul(dy, mul(pow(y, 3), -0.5)) },
  reciprocal: { uses: 'output', vjp: (_x, y, dy) => neg(mul(dy, mul(y, y))) },
  tanh: { uses: 'output', vjp: (_x, y, dy) => mul(dy, sub(1, mul(y, y))) },
  sigmoid: { uses: 'output', vjp: (_x, y, dy) => mul(dy, mul(y, sub(1, y))) },
  sin: { uses: 'input', vjp: (x, _y, dy) => mul(dy, cos(x)) },
  cos: { uses: 'input', vjp: (x, _y, dy) => neg(mul(dy, sin(x))) },
  floor: { uses: 'none', vjp: null },
  ceil: { uses: 'none', vjp: null },
  round: { uses: 'none', vjp: null },
};

export const unaryPrimitive = primitive<{ op: UnaryOp }>({
  name: 'unary',
  forward: (backend, [x], { op }) => [{ handle: backend.unary(op, x!), shape: x!.shape, dtype: x!.dtype }],
  saves: ({ op }) => {
    const uses = unaryRules[op].uses;
    return uses === 'input' ? { inputs: [0] } : uses === 'output' ? { outputs: [0] } : {};
  },
  vjp: ({ attrs, inputs, outputs, dys }) => {
    const rule = unaryRules[attrs.op].vjp;
    return [rule === null ? null : rule(inputs[0]!, outputs[0]!, dys[0]!)];
  },
});

/** Half the gradient to each side on ties, as PyTorch does for maximum/minimum. */
function selectMask(wins: Tensor, ties: Tensor, dtype: DType): Tensor {
  return add(cast(wins, dtype), mul(cast(ties, dtype), 0.5));
}

type BinaryRule = (a: Tensor, b: Tensor, y: Tensor, dy: Tensor) => [Tensor, Tensor];

const binaryRules: Record<BinaryOp, BinaryRule> = {
  add: (_a, _b, _y, dy) => [dy, dy],
  sub: (_a, _b, _y, dy) => [dy, neg(dy)],
  mul: (a, b, _y, dy) => [mul(dy, b), mul(dy, a)],
  div: (a, b, _y, dy) => [div(dy, b), neg(div(mul(dy, a), mul(b, b)))],
  // PyTorch's masks: d/da is 0 where b == 0; d/db is 0 where a == 0 and b >= 0.
  pow: (a, b, y, dy) => [
    where(equal(b, 0), 0, mul(dy, mul(b, pow(a, sub(b, 1))))),
    where(equal(a, 0), 0, mul(dy, mul(y, log(a)))),
  ],
  maximum: (a, b, _y, dy) => [mul(dy, selectMask(greater(a, b), equal(a, b), dy.dtype)), mul(dy, selectMask(less(a, b), equal(a, b), dy.dtype))],
  minimum: (a, b, _y, dy) => [mul(dy, selectMask(less(a, b), equal(a, b), dy.dtype)), mul(dy, selectMask(greater(a, b), equal(a, b), dy.dtype))],
};

export const binaryPrimitive = primitive<{ op: BinaryOp; outShape: Shape }>({
  name: 'binary',
  forward: (backend, [a, b], { op, outShape }) => [
    { handle: backend.binary(op, a!, b!, outShape), shape: outShape, dtype: a!.dtype },
  ],
  saves: ({ op }) => (op === 'add' || op === 'sub' ? {} : op === 'pow' ? { inputs: [0, 1], outputs: [0] } : { inputs: [0, 1] }),
  vjp: ({ attrs, inputs, outputs, dys, inputShapes, needs }) => {
    const [da, db] = binaryRules[attrs.op](inputs[0]!, inputs[1]!, outputs[0]!, dys[0]!);
    return [needs[0] ? unbroadcast(da, inputShapes[0]!) : null, needs[1] ? unbroadcast(db, inputShapes[1]!) : null];
  },
});

export const comparePrimitive = primitive<{ op: CompareOp; outShape: Shape }>({
  name: 'compare',
  forward: (backend, [a, b], { op, outShape }) => [
    { handle: backend.compare(op, a!, b!, outShape), shape: outShape, dtype: 'bool' },
  ],
});

export const wherePrimitive = primitive<{ outShape: Shape }>({
  name: 'where',
  forward: (backend, [cond, a, b], { outShape }) => [
    { handle: backend.where(cond!, a!, b!, outShape), shape: outShape, dtype: a!.dtype },
  ],
  saves: () => ({ inputs: [0] }),
  vjp: ({ inputs, dys, inputShapes, needs }) => {
    const cond = inputs[0]!;
    const dy = dys[0]!;
    const zero = zerosLike(dy);
    return [
      null,
      needs[1] ? unbroadcast(where(cond, dy, zero), inputShapes[1]!) : null,
      needs[2] ? unbroadcast(where(cond, zero, dy), inputShapes[2]!) : null,
    ];
  },
});

const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

export const castPrimitive = primitive<{ dtype: DType }>({
  name: 'cast',
  forward: (backend, [x], { dtype }) => [{ handle: backend.cast(x!, dtype), shape: x!.shape, dtype }],
  vjp: ({ dys, inputDtypes }) => {
    const from = inputDtypes[0]!;
    return [isFloat(from) && isFloat(dys[0]!.dtype) ? cast(dys[0]!, from) : null];
  },
});
