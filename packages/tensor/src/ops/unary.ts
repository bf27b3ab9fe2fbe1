/** Elementwise unary functions and the activations composed from them. */
import type { UnaryOp } from '../backend/types.js';
import { apply1 } from '../engine/apply.js';
import { tidy } from '../engine/memory.js';
import { DTypeError } from '../errors.js';
import { unaryPrimitive } from '../primitives/elementwise.js';
import type { Tensor } from '../tensor.js';
import { add, maximum, minimum, mul } from './arithmetic.js';
import { cast } from './cast.js';
import { isFloat } from './dtype.js';
import { customGrad } from '../autograd/grad.js';

/** Ops whose result is mathematically real for integer input: int32 in, int32 out. */
const integerOps = new Set<UnaryOp>(['neg', 'abs', 'sign', 'square', 'relu', 'floor', 'ceil', 'round']);

function unary(op: UnaryOp, x: Tensor): Tensor {
  if (isFloat(x.dtype)) return apply1(unaryPrimitive, [x], { op });
  if (integerOps.has(op)) {
    if (x.dtype === 'bool') throw new DTypeError(op, [x.dtype], 'needs a numeric tensor');
    return apply1(unaryPrimitive, [x], { op });
  }
  return tidy(() => apply1(unaryPrimitive, [cast(x, 'float32')], { op }));
}

export const neg = (x: Tensor): Tensor => unary('neg', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
/** −1, 0 or 1. */
export const sign = (x: Tensor): Tensor => unary('sign', x);
export const square = (x: Tensor): Tensor => unary('square', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
/** `exp(x) − 1`, accurate near 0. */
export const expm1 = (x: Tensor): Tensor => unary('expm1', x);
export const log = (x: Tensor): Tensor => unary('log', x);
/** `log(1 + x)`, accurate near 0. */
export const log1p = (x: Tensor): Tensor => unary('log1p', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
/** `1 / sqrt(x)`. */
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
/** The logistic function `1 / (1 + exp(−x))`. */
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const sin = (x: Tensor): Tensor => unary('sin', x);
export const cos = (x: Tensor): Tensor => unary('cos', x);
export const floor = (x: Tensor): Tensor => unary('floor', x);
export const ceil = (x: Tensor): Tensor => unary('ceil', x);
/** Rounds half to even, as PyTorch and numpy. */
export const round = (x: Tensor): Tensor => unary('round', x);

/**
 * `clip(alpha·x + beta, 0, 1)`. The defaults (0.2, 0.5) are Keras's and ONNX's
 * `hard_sigmoid`; PyTorch's `hardsigmoid` is alpha = 1/6.
 */
export function hardSigmoid(x: Tensor, { alpha = 0.2, beta = 0.5 } = {}): Tensor {
  return tidy(() => minimum(maximum(add(mul(x, alpha), beta), 0), 1));
}

let softplusOp: ((x: Tensor) => Tensor) | null = null;

/**
 * `log(1 + exp(x))`, computed as `relu(x) + log1p(exp(−|x|))` so it never overflows. Its
 * gradient is given directly as σ(x): the composition's kinks (relu and |x| at 0) would make it
 * 0 at x = 0 instead of ½.
 */
export function softplus(x: Tensor): Tensor {
  // Made on first use: customGrad lives in the autograd module, which imports this one.
  softplusOp ??= customGrad(
    (input) => add(relu(input), log1p(exp(neg(abs(input))))),
    (dy, { inputs }) => [mul(dy, sigmoid(inputs[0]!))],
  );
  const op = softplusOp;
  return isFloat(x.dtype) ? op(x) : tidy(() => op(cast(x, 'float32')));
}

/** `x` where positive, `slope·x` elsewhere. */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  return tidy(() => maximum(x, mul(x, slope)));
}
