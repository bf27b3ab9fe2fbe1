/**
 * The one kernel behind permute, slice, reverse and concat: every element of a box is copied
 * from a strided view of the source to a strided view of the destination. Elements are moved
 * as raw 32-bit words, so one pipeline serves every dtype. Negative strides (reverse) travel as
 * their u32 two's complement: the offset sums wrap back into range.
 */
import type { Shape } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { checkRank, RANK_ROWS } from '../../core/strides.js';
import { Uniforms } from '../../core/uniforms.js';
import { collapseDims, sizeOf } from './dims.js';

/** Where a box lies in a buffer: its first element and the element step along each dim. */
export interface BoxPlacement {
  readonly offset: number;
  readonly strides: readonly number[];
}

const SHADER = /* wgsl */ `
struct Params {
  n: u32, rank: u32, srcOffset: u32, dstOffset: u32,
  shape: array<vec4u, 2>, srcStrides: array<vec4u, 2>, dstStrides: array<vec4u, 2>,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<u32>;
fn dimOf(v: array<vec4u, 2>, i: u32) -> u32 { return v[i / 4u][i % 4u]; }
${linearMain()}
  if (index >= params.n) { return; }
  var rest = index;
  var srcIndex = params.srcOffset;
  var dstIndex = params.dstOffset;
  for (var i = i32(params.rank) - 1; i >= 0; i--) {
    let d = dimOf(params.shape, u32(i));
    let coordinate = rest % d;
    rest = rest / d;
    srcIndex += coordinate * dimOf(params.srcStrides, u32(i));
    dstIndex += coordinate * dimOf(params.dstStrides, u32(i));
  }
  dst[dstIndex] = src[srcIndex];
}`;

/** Copies the box `shape` from `src` at `from` to `dst` at `to`: a buffer copy when both are one dense run. */
export function copyBox(ctx: GpuContext, op: string, src: GpuTensor, from: BoxPlacement, dst: GpuTensor, to: BoxPlacement, shape: Shape): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const layout = collapseDims(shape, [from.strides, to.strides]);
  const [srcStrides, dstStrides] = layout.strides as [number[], number[]];
  if (layout.shape.length === 0 || (layout.shape.length === 1 && srcStrides[0] === 1 && dstStrides[0] === 1)) {
    ctx.stream.copy(src.buffer, from.offset * 4, dst.buffer, to.offset * 4, n * 4);
    return;
  }
  checkRank(op, layout.shape);
  const pipeline = ctx.pipeline('strided-copy', () => SHADER);
  const uniforms = new Uniforms()
    .u32(n, layout.shape.length, from.offset, to.offset)
    .words(layout.shape, RANK_ROWS)
    .words(srcStrides, RANK_ROWS)
    .words(dstStrides, RANK_ROWS);
  ctx.dispatch(pipeline, uniforms.bytes(), [src, dst], gridFor(n));
}
