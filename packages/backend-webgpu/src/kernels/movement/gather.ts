/**
 * `gather`: `x` viewed as [outer, rows, inner], output [outer, count, inner] with block (p, j)
 * copied from block (p, indices[j]). Elements move as raw words (every dtype).
 *
 * Out-of-range indices (the core checks them only on sync-read backends) write zeros: nothing
 * outside `x` is ever read.
 */
import type { TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { Uniforms } from '../../core/uniforms.js';
import { sizeOf } from './dims.js';

const SHADER = /* wgsl */ `
struct Params { n: u32, rows: u32, count: u32, inner: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<storage, read> indices: array<i32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;
${linearMain()}
  if (index >= params.n) { return; }
  let column = index % params.inner;
  let block = index / params.inner;
  let row = indices[block % params.count];
  if (row < 0 || u32(row) >= params.rows) {
    out[index] = 0u;
    return;
  }
  out[index] = x[((block / params.count) * params.rows + u32(row)) * params.inner + column];
}`;

export function gather(ctx: GpuContext, x: TensorSpec, indices: TensorSpec, axis: number): GpuTensor {
  const count = sizeOf(indices.shape);
  const inner = sizeOf(x.shape.slice(axis + 1));
  const n = sizeOf(x.shape.slice(0, axis)) * count * inner;
  const out = ctx.allocate('gather', x.dtype, n);
  const uniforms = new Uniforms().u32(n, x.shape[axis]!, count, inner);
  ctx.dispatch(ctx.pipeline('gather', () => SHADER), uniforms.bytes(), [ctx.tensor(x), ctx.tensor(indices), out], gridFor(n));
  return out;
}
