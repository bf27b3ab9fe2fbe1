/** `binary` and `compare`: two operands broadcast to the output shape. */
import type { BinaryOp, CompareOp, Shape, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { mapElements, type ElementFormula } from './map.js';
import { isNan, jsIntMul, jsIntPow, jsMaximum, jsMinimum, jsPow, safeDivide, type WgslFunction } from './wgsl-math.js';

type Formula = readonly [uses: readonly WgslFunction[], expression: (a: string, b: string) => string];

const call =
  (name: string) =>
  (a: string, b: string): string =>
    `${name}(${a}, ${b})`;

const floatFormulas: Record<BinaryOp, Formula> = {
  add: [[], (a, b) => `${a} + ${b}`],
  sub: [[], (a, b) => `${a} - ${b}`],
  mul: [[], (a, b) => `${a} * ${b}`],
  div: [[safeDivide], call('safeDivide')],
  pow: [[jsPow], call('jsPow')],
  maximum: [[jsMaximum], call('jsMaximum')],
  minimum: [[jsMinimum], call('jsMinimum')],
};

/** What an Int32Array stores of the double result: sums wrap, division truncates, x/0 (∞ or NaN) gives 0. */
const intFormulas: Record<BinaryOp, Formula> = {
  add: [[], (a, b) => `${a} + ${b}`],
  sub: [[], (a, b) => `${a} - ${b}`],
  mul: [[jsIntMul], call('jsIntMul')],
  div: [[], (a, b) => `select(${a} / ${b}, 0i, ${b} == 0i)`],
  pow: [[jsIntPow], call('jsIntPow')],
  maximum: [[], call('max')],
  minimum: [[], call('min')],
};

const comparisons: Record<CompareOp, string> = {
  equal: '==',
  notEqual: '!=',
  less: '<',
  lessEqual: '<=',
  greater: '>',
  greaterEqual: '>=',
};

function binaryFormula(op: BinaryOp, dtype: TensorSpec['dtype']): ElementFormula {
  const formula = dtype === 'float32' ? floatFormulas[op] : dtype === 'int32' ? intFormulas[op] : undefined;
  if (formula === undefined) throw new TypeError(`webgpu binary: ${op} is not defined for ${dtype} (the core promotes bool arithmetic to int32)`);
  const [uses, expression] = formula;
  return { key: op, uses, expression: ([a, b]) => expression(a!, b!) };
}

/**
 * Float comparisons test NaN by its bits first: every comparison with NaN is false (so
 * notEqual is true), whatever the driver assumes about NaN.
 */
function compareFormula(op: CompareOp, dtype: TensorSpec['dtype']): ElementFormula {
  const operator = comparisons[op];
  if (dtype !== 'float32') return { key: op, uses: [], expression: ([a, b]) => `u32(${a} ${operator} ${b})` };
  const ordered = (a: string, b: string): string => `!(isNan(${a}) || isNan(${b}))`;
  const expression =
    op === 'notEqual'
      ? ([a, b]: readonly string[]) => `u32(!(${ordered(a!, b!)} && ${a} == ${b}))`
      : ([a, b]: readonly string[]) => `u32(${ordered(a!, b!)} && ${a} ${operator} ${b})`;
  return { key: op, uses: [isNan], expression };
}

export function binary(ctx: GpuContext, op: BinaryOp, a: TensorSpec, b: TensorSpec, outShape: Shape): GpuTensor {
  return mapElements(ctx, 'binary', binaryFormula(op, a.dtype), [a, b], outShape, a.dtype);
}

export function compare(ctx: GpuContext, op: CompareOp, a: TensorSpec, b: TensorSpec, outShape: Shape): GpuTensor {
  return mapElements(ctx, 'compare', compareFormula(op, a.dtype), [a, b], outShape, 'bool');
}
