/**
 * Column sums over all T·B rows of a strided plane, optionally of its product with a second
 * plane: the bias gradients (Σ_rows dGates) and the peephole gradients (Σ_rows dGates ⊙ c).
 * One invocation per column; the rows an entry never reached hold zero gradients.
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { Uniforms } from '../../core/uniforms.js';

/** A [rows, columns] view: element (r, j) is `tensor[offset + r · stride + j]`. */
export interface PlaneView {
  readonly tensor: GpuTensor;
  readonly offset: number;
  readonly stride: number;
}

/** out[outOffset + j] = Σ_r a(r, j) (· b(r, j)) for j < columns. */
export function encodeColumnSums(ctx: GpuContext, rows: number, columns: number, a: PlaneView, b: PlaneView | null, out: GpuTensor, outOffset: number): void {
  const product = b !== null;
  const pipeline = ctx.pipeline(`sequence-column-sums:${product}`, () => /* wgsl */ `
struct Params { rows: u32, columns: u32, aOffset: u32, aStride: u32, bOffset: u32, bStride: u32, outOffset: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
${product ? '@group(0) @binding(2) var<storage, read> b: array<f32>;' : ''}
@group(0) @binding(${product ? 3 : 2}) var<storage, read_write> out: array<f32>;
${linearMain()}
  if (index >= p.columns) { return; }
  var sum = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    sum += a[p.aOffset + r * p.aStride + index]${product ? ' * b[p.bOffset + r * p.bStride + index]' : ''};
  }
  out[p.outOffset + index] = sum;
}`);
  const uniforms = new Uniforms().u32(rows, columns, a.offset, a.stride, b?.offset ?? 0, b?.stride ?? 0, outOffset);
  ctx.dispatch(pipeline, uniforms.bytes(), [a.tensor, ...(b === null ? [] : [b.tensor]), out], gridFor(columns));
}
