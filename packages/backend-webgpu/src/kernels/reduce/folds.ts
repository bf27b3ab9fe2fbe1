/**
 * What a reduction computes, as WGSL the pass shader (pass.ts) is built around: the accumulator
 * type `Acc`, `identity()`, `element(v, k)` (the accumulator of element `k` of the reduced
 * range), the associative `combine(a, b)` (a holds the lower indices) and `result(acc)`.
 *
 * NaN follows the cpu reference: max/min return NaN when any element is NaN, argmax/argmin the
 * index of the first NaN. NaNs are detected on the bits, which no compiler may assume away.
 */
import type { ArgReduceOp, DType, ReduceOp } from '@rnn/tensor/backend';
import { wgslType } from '../../core/buffer.js';

export interface Fold {
  /** Everything that makes the WGSL differ, for the pipeline key. */
  readonly key: string;
  readonly inType: string;
  readonly outType: string;
  readonly wgsl: string;
}

/** The identity of max (the lowest value) or min (the highest), as WGSL statements. */
function extremeIdentity(op: 'max' | 'min', type: string): string {
  switch (type) {
    case 'f32':
      // Through a `var`: a constant infinity is a shader-creation error.
      return `var bits = ${op === 'max' ? '0xff800000u' : '0x7f800000u'}; return bitcast<f32>(bits);`;
    case 'i32':
      return `return ${op === 'max' ? 'bitcast<i32>(0x80000000u)' : 'i32(0x7fffffff)'};`;
    default:
      return `return ${op === 'max' ? '0u' : '0xffffffffu'};`;
  }
}

const isNan = (type: string): string =>
  type === 'f32'
    ? /* wgsl */ `fn isNan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }`
    : /* wgsl */ `fn isNan(v: ${type}) -> bool { return false; }`;

export function reduceFold(op: ReduceOp, dtype: DType): Fold {
  const type = wgslType(dtype);
  const better = op === 'max' ? '>' : '<';
  const body =
    op === 'sum'
      ? /* wgsl */ `
fn identity() -> Acc { return Acc(0); }
fn combine(a: Acc, b: Acc) -> Acc { return a + b; }`
      : /* wgsl */ `
fn identity() -> Acc { ${extremeIdentity(op, type)} }
fn combine(a: Acc, b: Acc) -> Acc {
  if (isNan(a)) { return a; }
  if (isNan(b) || b ${better} a) { return b; }
  return a;
}`;
  return {
    key: `${op}:${type}`,
    inType: type,
    outType: type,
    wgsl: /* wgsl */ `
alias Acc = ${type};
${isNan(type)}
${body}
fn element(v: ${type}, k: u32) -> Acc { return v; }
fn result(a: Acc) -> ${type} { return a; }`,
  };
}

export function argReduceFold(op: ArgReduceOp, dtype: DType): Fold {
  const type = wgslType(dtype);
  const better = op === 'argmax' ? '>' : '<';
  return {
    key: `${op}:${type}`,
    inType: type,
    outType: 'i32',
    wgsl: /* wgsl */ `
struct Acc { value: ${type}, index: u32 }
const NONE = 0xffffffffu;
${isNan(type)}
fn identity() -> Acc { return Acc(${type}(0), NONE); }
fn element(v: ${type}, k: u32) -> Acc { return Acc(v, k); }
fn combine(a: Acc, b: Acc) -> Acc {
  if (a.index == NONE) { return b; }
  if (b.index == NONE) { return a; }
  let aNan = isNan(a.value);
  let bNan = isNan(b.value);
  // A NaN beats every number; between equals (or two NaNs) the lower index wins.
  var aWins = a.index < b.index;
  if (aNan != bNan) { aWins = aNan; } else if (!aNan && a.value != b.value) { aWins = a.value ${better} b.value; }
  if (aWins) { return a; }
  return b;
}
fn result(a: Acc) -> i32 { return i32(a.index); }`,
  };
}
