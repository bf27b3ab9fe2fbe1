/** `unary`: float ops through the accurate WGSL math; int32 gets the ops that stay integers. */
import type { TensorSpec, UnaryOp } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { mapElements, type ElementFormula } from './map.js';
import {
  accurateExp,
  accurateExpm1,
  accurateLog,
  accurateLog1p,
  accurateSinShifted,
  accurateTanh,
  jsIntMul,
  safeDivide,
  safeSqrt,
  stableSigmoid,
  type WgslFunction,
} from './wgsl-math.js';

type Formula = readonly [uses: readonly WgslFunction[], expression: (x: string) => string];

const floatFormulas: Record<UnaryOp, Formula> = {
  neg: [[], (x) => `-${x}`],
  abs: [[], (x) => `abs(${x})`],
  // NaN and ±0 are their own sign, as Math.sign.
  sign: [[], (x) => `select(select(${x}, -1.0, ${x} < 0.0), 1.0, ${x} > 0.0)`],
  square: [[], (x) => `${x} * ${x}`],
  // −0 and NaN pass through, as `x < 0 ? 0 : x` does.
  relu: [[], (x) => `select(${x}, 0.0, ${x} < 0.0)`],
  exp: [[accurateExp], (x) => `accurateExp(${x})`],
  expm1: [[accurateExpm1], (x) => `accurateExpm1(${x})`],
  log: [[accurateLog], (x) => `accurateLog(${x})`],
  log1p: [[accurateLog1p], (x) => `accurateLog1p(${x})`],
  sqrt: [[safeSqrt], (x) => `safeSqrt(${x})`],
  rsqrt: [[safeDivide, safeSqrt], (x) => `safeDivide(1.0, safeSqrt(${x}))`],
  reciprocal: [[safeDivide], (x) => `safeDivide(1.0, ${x})`],
  tanh: [[accurateTanh], (x) => `accurateTanh(${x})`],
  sigmoid: [[stableSigmoid], (x) => `stableSigmoid(${x})`],
  sin: [[accurateSinShifted], (x) => `sinShifted(${x}, 0)`],
  cos: [[accurateSinShifted], (x) => `sinShifted(${x}, 1)`],
  floor: [[], (x) => `floor(${x})`],
  ceil: [[], (x) => `ceil(${x})`],
  // WGSL's round is half to even, as the reference's.
  round: [[], (x) => `round(${x})`],
};

/** int32 results are what an Int32Array stores: −(−2^31) and |−2^31| are −2^31 again. */
const intFormulas: Partial<Record<UnaryOp, Formula>> = {
  neg: [[], (x) => `-${x}`],
  abs: [[], (x) => `abs(${x})`],
  sign: [[], (x) => `sign(${x})`],
  square: [[jsIntMul], (x) => `jsIntMul(${x}, ${x})`],
  relu: [[], (x) => `max(${x}, 0i)`],
  floor: [[], (x) => x],
  ceil: [[], (x) => x],
  round: [[], (x) => x],
};

function formulaFor(op: UnaryOp, x: TensorSpec): ElementFormula {
  const formula = x.dtype === 'float32' ? floatFormulas[op] : x.dtype === 'int32' ? intFormulas[op] : undefined;
  if (formula === undefined) throw new TypeError(`webgpu unary: ${op} is not defined for ${x.dtype} (the core promotes such inputs first)`);
  const [uses, expression] = formula;
  return { key: op, uses, expression: ([v]) => expression(v!) };
}

export function unary(ctx: GpuContext, op: UnaryOp, x: TensorSpec): GpuTensor {
  return mapElements(ctx, 'unary', formulaFor(op, x), [x], x.shape, x.dtype);
}
