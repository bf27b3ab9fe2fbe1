/**
 * The fused softmax cross-entropy (`FusedTrainingOps.softmaxCrossEntropy`), float32 only: one
 * workgroup per row. Its invocations stride over the classes, then reduce the row maximum and
 * Σ exp(x − max) in workgroup memory; invocation 0 writes `log Σ + max − x[t]`, and with the
 * gradient every invocation writes its classes' `exp(x − max) / Σ − [c = t]`.
 *
 * A row whose target is ignored or out of range still runs the reductions (a barrier must be
 * reached by the whole workgroup, and whether a row is ignored is read from storage), then
 * writes loss 0 and a zero gradient row.
 */
import type { TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor } from '../../core/grid.js';
import { Uniforms } from '../../core/uniforms.js';

/** Invocations per row: a power of two (the tree reduction halves it). */
const ROW_THREADS = 128;

/** A tree reduction of `scratch` with `combine`, leaving the result in `scratch[0]`; all invocations must reach it. */
const treeReduce = (combine: string): string => /* wgsl */ `
  for (var s = ${ROW_THREADS / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { scratch[lid] = ${combine}(scratch[lid], scratch[lid + s]); }
    workgroupBarrier();
  }`;

function wgsl(withGradient: boolean): string {
  return /* wgsl */ `
struct Params { rows: u32, classes: u32, ignoreIndex: i32, hasIgnoreIndex: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<i32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;
${withGradient ? '@group(0) @binding(4) var<storage, read_write> gradient: array<f32>;' : ''}
var<workgroup> scratch: array<f32, ${ROW_THREADS}>;

fn add(x: f32, y: f32) -> f32 { return x + y; }

@compute @workgroup_size(${ROW_THREADS})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  // The row comes from the workgroup id alone, so this return is uniform across the workgroup.
  let row = wid.y * nwg.x + wid.x;
  if (row >= p.rows) { return; }
  let base = row * p.classes;
  let label = targets[row];
  let selected = label >= 0 && u32(label) < p.classes && !(p.hasIgnoreIndex == 1u && label == p.ignoreIndex);
  // The selected class (0 stands in for none, never read unselected).
  let t = select(0u, u32(label), selected);

  var top = -0x1.fffffep+127f; // the lowest f32 (WGSL may assume no infinities)
  for (var c = lid; c < p.classes; c += ${ROW_THREADS}u) { top = max(top, logits[base + c]); }
  scratch[lid] = top;
  workgroupBarrier();
  ${treeReduce('max')}
  let rowMax = scratch[0];
  workgroupBarrier();

  var total = 0.0;
  for (var c = lid; c < p.classes; c += ${ROW_THREADS}u) { total += exp(logits[base + c] - rowMax); }
  scratch[lid] = total;
  workgroupBarrier();
  ${treeReduce('add')}
  let sum = scratch[0];

  if (lid == 0u) { loss[row] = select(0.0, log(sum) + rowMax - logits[base + t], selected); }
${
  withGradient
    ? /* wgsl */ `  for (var c = lid; c < p.classes; c += ${ROW_THREADS}u) {
    let onehot = select(0.0, 1.0, selected && c == t);
    gradient[base + c] = select(0.0, exp(logits[base + c] - rowMax) / sum - onehot, selected);
  }`
    : ''
}
}`;
}

export const softmaxCrossEntropy = (ctx: GpuContext, logits: TensorSpec, targets: TensorSpec, ignoreIndex: number | null, withGradient: boolean): { loss: GpuTensor; gradient: GpuTensor | null } => {
  const [rows, classes] = logits.shape as [number, number];
  const loss = ctx.allocate('softmaxCrossEntropy', 'float32', rows);
  const gradient = withGradient ? ctx.allocate('softmaxCrossEntropy', 'float32', rows * classes) : null;
  const pipeline = ctx.pipeline(`softmax-cross-entropy:${withGradient ? 'gradient' : 'loss'}`, () => wgsl(withGradient));
  // An ignoreIndex outside the int32 range equals no target.
  const ignores = ignoreIndex !== null && ignoreIndex === (ignoreIndex | 0);
  const uniforms = new Uniforms()
    .u32(rows, classes)
    .i32(ignoreIndex ?? 0)
    .u32(ignores ? 1 : 0)
    .bytes();
  const buffers = [ctx.tensor(logits), ctx.tensor(targets), loss, ...(gradient === null ? [] : [gradient])];
  ctx.dispatch(pipeline, uniforms, buffers, gridFor(rows, 1));
  return { loss, gradient };
};
