/**
 * `scatterAdd`, the adjoint of `gather`: output [outer, rows, inner], updates [outer, count,
 * inner]. The index list is grouped by row first (group-by-row.ts), then every output element
 * sums its row's update blocks in index order: no atomics, the same bits on every run, and
 * O(count + rows) work per column however often an index repeats (an embedding gradient with a
 * padding token in half the batch costs no more than one without).
 *
 * Out-of-range indices (the core checks them only on sync-read backends) are dropped.
 */
import type { Shape, TensorSpec } from '@rnn/tensor/backend';
import { wgslType, type GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { Uniforms } from '../../core/uniforms.js';
import { sizeOf } from './dims.js';
import { groupByRow } from './group-by-row.js';

const shader = (type: string): string => /* wgsl */ `
struct Params { n: u32, rows: u32, count: u32, inner: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> keys: array<vec2u>;
@group(0) @binding(2) var<storage, read> starts: array<u32>;
@group(0) @binding(3) var<storage, read> updates: array<${type}>;
@group(0) @binding(4) var<storage, read_write> out: array<${type}>;
${linearMain()}
  if (index >= params.n) { return; }
  let column = index % params.inner;
  let block = index / params.inner;
  let row = block % params.rows;
  let first = (block / params.rows) * params.count;
  var sum = ${type}(0);
  for (var q = starts[row]; q < starts[row + 1u]; q++) {
    sum += updates[(first + keys[q].y) * params.inner + column];
  }
  out[index] = sum;
}`;

export function scatterAdd(ctx: GpuContext, indices: TensorSpec, updates: TensorSpec, axis: number, outShape: Shape): GpuTensor {
  const n = sizeOf(outShape);
  const count = sizeOf(indices.shape);
  const rows = outShape[axis]!;
  const out = ctx.allocate('scatterAdd', updates.dtype, n);
  if (n === 0) return out;
  if (count === 0) {
    ctx.stream.clear(out.buffer, 0, out.bytes);
    return out;
  }
  const { keys, starts } = groupByRow(ctx, 'scatterAdd', ctx.tensor(indices), count, rows);
  const type = wgslType(updates.dtype);
  const uniforms = new Uniforms().u32(n, rows, count, sizeOf(outShape.slice(axis + 1)));
  ctx.dispatch(ctx.pipeline(`scatter-add:${type}`, () => shader(type)), uniforms.bytes(), [keys, starts, ctx.tensor(updates), out], gridFor(n));
  ctx.release(keys);
  ctx.release(starts);
  return out;
}
