/**
 * The one kernel shape behind every elementwise op: `out[i] = f(in0[j0], in1[j1], …)` over the
 * output's row-major index space, where each operand is read one of three ways:
 * - dense: it has the output's element count, so (broadcasting only repeats) its layout is the
 *   output's and `j = i`, with no strided math;
 * - scalar: one element, `j = 0`;
 * - strided: `j` from the output coordinates and the operand's broadcast strides (0 on repeated
 *   dims). Dims that every strided operand steps through contiguously are merged first, so
 *   `[B, T, H] + [H]` runs at rank 2 and ranks above 8 often still fit.
 * One pipeline per op, dtypes, read modes and merged rank; the shape and strides are uniforms.
 */
import type { DType, Shape, TensorSpec } from '@rnn/tensor/backend';
import { wgslType, type GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { broadcastStrides, checkRank, RANK_ROWS, STRIDED_OFFSET } from '../../core/strides.js';
import { Uniforms } from '../../core/uniforms.js';
import { wgslFunctions, type WgslFunction } from './wgsl-math.js';

/** What an op computes from its operands' values. */
export interface ElementFormula {
  /** Identifies the formula within the op (e.g. `add:i32`); part of the pipeline key. */
  readonly key: string;
  /** WGSL functions `expression` calls. */
  readonly uses: readonly WgslFunction[];
  /** The WGSL expression for one output element, given the operands' values by name. */
  readonly expression: (values: readonly string[]) => string;
}

type ReadMode = 'dense' | 'scalar' | 'strided';

export const elementCount = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);

/**
 * Merges adjacent dims of `shape` wherever every stride set steps through them as one, and
 * drops size-1 dims (their strides never matter).
 */
function mergeDims(shape: Shape, strideSets: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const merged: number[] = [];
  const strides: number[][] = strideSets.map(() => []);
  shape.forEach((size, d) => {
    if (size === 1) return;
    const last = merged.length - 1;
    if (last >= 0 && strideSets.every((s, k) => strides[k]![last] === s[d]! * size)) {
      merged[last]! *= size;
      strideSets.forEach((s, k) => (strides[k]![last] = s[d]!));
    } else {
      merged.push(size);
      strideSets.forEach((s, k) => strides[k]!.push(s[d]!));
    }
  });
  return { shape: merged, strides };
}

function readMode(length: number, outLength: number): ReadMode {
  if (length === outLength) return 'dense';
  return length === 1 ? 'scalar' : 'strided';
}

function shader(formula: ElementFormula, inputTypes: readonly string[], outType: string, modes: readonly ReadMode[], rank: number): string {
  const strided = modes.flatMap((m, k) => (m === 'strided' ? [k] : []));
  const fields = ['n: u32', ...(strided.length > 0 ? [`shape: array<vec4u, ${RANK_ROWS}>`] : []), ...strided.map((k) => `strides${k}: array<vec4u, ${RANK_ROWS}>`)];
  const bindings = inputTypes.map((type, k) => `@group(0) @binding(${k + 1}) var<storage, read> in${k}: array<${type}>;`);
  const reads = modes.map((mode, k) => {
    const at = mode === 'dense' ? 'index' : mode === 'scalar' ? '0u' : `stridedOffset(index, params.shape, params.strides${k}, ${rank}u)`;
    return `  let v${k} = in${k}[${at}];`;
  });
  return /* wgsl */ `
struct Params { ${fields.join(', ')} }
@group(0) @binding(0) var<uniform> params: Params;
${bindings.join('\n')}
@group(0) @binding(${inputTypes.length + 1}) var<storage, read_write> out: array<${outType}>;
${wgslFunctions(formula.uses)}
${strided.length > 0 ? STRIDED_OFFSET : ''}
${linearMain()}
  if (index >= params.n) { return; }
${reads.join('\n')}
  out[index] = ${formula.expression(inputTypes.map((_, k) => `v${k}`))};
}`;
}

/** Runs `formula` over `outShape`, broadcasting `inputs` to it; returns new storage of `outDtype`. */
export function mapElements(ctx: GpuContext, op: string, formula: ElementFormula, inputs: readonly TensorSpec[], outShape: Shape, outDtype: DType): GpuTensor {
  const n = elementCount(outShape);
  const out = ctx.allocate(op, outDtype, n);
  if (n === 0) return out;
  const tensors = inputs.map((spec) => ctx.tensor(spec));
  const modes = tensors.map((t) => readMode(t.length, n));
  const stridedInputs = inputs.filter((_, k) => modes[k] === 'strided');
  const merged = mergeDims(
    outShape,
    stridedInputs.map((spec) => broadcastStrides(spec.shape, outShape)),
  );
  checkRank(op, merged.shape);
  const rank = stridedInputs.length > 0 ? merged.shape.length : 0;
  const inputTypes = inputs.map((spec) => wgslType(spec.dtype));
  const outType = wgslType(outDtype);
  const key = `${op}:${formula.key}:${inputTypes.join(',')}>${outType}:${modes.join(',')}:${rank}`;
  const pipeline = ctx.pipeline(key, () => shader(formula, inputTypes, outType, modes, rank));
  const uniforms = new Uniforms().u32(n);
  if (rank > 0) {
    uniforms.words(merged.shape, RANK_ROWS);
    for (const strides of merged.strides) uniforms.words(strides, RANK_ROWS);
  }
  ctx.dispatch(pipeline, uniforms.bytes(), [...tensors, out], gridFor(n));
  return out;
}
