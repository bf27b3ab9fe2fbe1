/**
 * One reduction pass. The input is read as a view: `outputs` kept positions (a strided walk) ×
 * `length` reduced positions (another strided walk), so any set of axes reduces in place, with
 * no transposed copy. The reduced range of every output is cut into `chunks` chunks of `chunk`
 * elements, each folded into `out[output · chunks + chunk]`; with more than one chunk the
 * caller reduces those partials in a further pass.
 *
 * Two shapes of work:
 * - tree: one workgroup per chunk; each invocation folds a few elements (consecutive
 *   invocations read consecutive elements), then a tree in workgroup memory combines them.
 *   For long contiguous runs (row sums, softmax denominators, sums of everything).
 * - loop: one invocation per chunk, folding it in order; consecutive invocations take
 *   consecutive outputs. For short or strided runs (column sums: neighbouring outputs are
 *   neighbours in memory).
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { checkRank, RANK_ROWS, STRIDED_OFFSET } from '../../core/strides.js';
import { Uniforms } from '../../core/uniforms.js';
import type { StridedLayout } from '../movement/dims.js';
import type { Fold } from './folds.js';

/** The input as kept × reduced walks (each collapsed, with one stride list). */
export interface ReductionView {
  readonly offset: number;
  readonly kept: StridedLayout;
  readonly reduced: StridedLayout;
}

export type PassShape = { readonly kind: 'loop' } | { readonly kind: 'tree'; readonly workgroup: number };

/** Elements each tree invocation folds in order before the tree: few, so sums stay pairwise. */
const TREE_ITEMS = 16;
/** Elements one loop invocation folds in order. */
const LOOP_CHUNK = 256;
/** Below this many contiguous elements a workgroup per output would idle. */
const TREE_MIN_LENGTH = 64;

export const viewLength = (v: ReductionView): number => v.reduced.shape.reduce((n, d) => n * d, 1);
export const viewOutputs = (v: ReductionView): number => v.kept.shape.reduce((n, d) => n * d, 1);

/** Tree for long runs with unit innermost stride, loop otherwise. */
export function passShape(view: ReductionView): PassShape {
  const length = viewLength(view);
  const contiguous = view.reduced.strides[0]!.at(-1) === 1;
  if (!contiguous || length < TREE_MIN_LENGTH) return { kind: 'loop' };
  return { kind: 'tree', workgroup: length >= 1024 ? 256 : 64 };
}

const header = (fold: Fold): string => /* wgsl */ `
${fold.wgsl}
${STRIDED_OFFSET}
struct Params {
  units: u32, outputs: u32, length: u32, chunk: u32, chunks: u32, keptRank: u32, reducedRank: u32, offset: u32,
  keptShape: array<vec4u, 2>, keptStrides: array<vec4u, 2>, reducedShape: array<vec4u, 2>, reducedStrides: array<vec4u, 2>,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<${fold.inType}>;
@group(0) @binding(2) var<storage, read_write> out: array<${fold.outType}>;
fn base(output: u32) -> u32 { return params.offset + stridedOffset(output, params.keptShape, params.keptStrides, params.keptRank); }
fn load(start: u32, k: u32) -> Acc { return element(x[start + stridedOffset(k, params.reducedShape, params.reducedStrides, params.reducedRank)], k); }`;

const loopShader = (fold: Fold): string => /* wgsl */ `
${header(fold)}
${linearMain()}
  if (index >= params.units) { return; }
  let output = index % params.outputs;
  let chunk = index / params.outputs;
  let begin = chunk * params.chunk;
  let end = min(begin + params.chunk, params.length);
  let start = base(output);
  var acc = identity();
  for (var k = begin; k < end; k++) { acc = combine(acc, load(start, k)); }
  out[output * params.chunks + chunk] = result(acc);
}`;

const treeShader = (fold: Fold, workgroup: number): string => /* wgsl */ `
${header(fold)}
var<workgroup> partial: array<Acc, ${workgroup}>;
@compute @workgroup_size(${workgroup})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let unit = wid.y * nwg.x + wid.x;
  if (unit >= params.units) { return; }
  let begin = (unit % params.chunks) * params.chunk;
  let end = min(begin + params.chunk, params.length);
  let start = base(unit / params.chunks);
  var acc = identity();
  for (var k = begin + lid; k < end; k += ${workgroup}u) { acc = combine(acc, load(start, k)); }
  partial[lid] = acc;
  workgroupBarrier();
  for (var width = ${workgroup / 2}u; width > 0u; width >>= 1u) {
    if (lid < width) { partial[lid] = combine(partial[lid], partial[lid + width]); }
    workgroupBarrier();
  }
  if (lid == 0u) { out[unit] = result(partial[0]); }
}`;

/** Elements one chunk of `shape` covers when its pass may split the range. */
export const chunkSize = (shape: PassShape): number => (shape.kind === 'tree' ? shape.workgroup * TREE_ITEMS : LOOP_CHUNK);

export function runPass(ctx: GpuContext, op: string, fold: Fold, view: ReductionView, shape: PassShape, chunk: number, x: GpuTensor, out: GpuTensor): void {
  checkRank(op, view.kept.shape);
  checkRank(op, view.reduced.shape);
  const outputs = viewOutputs(view);
  const length = viewLength(view);
  const chunks = Math.ceil(length / chunk);
  const units = outputs * chunks;
  const uniforms = new Uniforms()
    .u32(units, outputs, length, chunk, chunks, view.kept.shape.length, view.reduced.shape.length, view.offset)
    .words(view.kept.shape, RANK_ROWS)
    .words(view.kept.strides[0]!, RANK_ROWS)
    .words(view.reduced.shape, RANK_ROWS)
    .words(view.reduced.strides[0]!, RANK_ROWS)
    .bytes();
  if (shape.kind === 'loop') {
    ctx.dispatch(ctx.pipeline(`reduce-pass:loop:${fold.key}`, () => loopShader(fold)), uniforms, [x, out], gridFor(units));
  } else {
    const key = `reduce-pass:tree${shape.workgroup}:${fold.key}`;
    ctx.dispatch(ctx.pipeline(key, () => treeShader(fold, shape.workgroup)), uniforms, [x, out], gridFor(units, 1));
  }
}
