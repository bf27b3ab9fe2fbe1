/**
 * The fused optimizer step (`FusedTrainingOps.optimizerStep`), float32 only. The new parameter
 * and slots of every parameter start as copies of the inputs (zeros for a slot that does not
 * exist yet: the rules start missing slots at 0, SGD's first buffer aside, which a uniform flag
 * handles); then one dispatch per parameter updates them in place.
 *
 * Updating copies in place, rather than reading the inputs and writing fresh outputs, keeps a
 * shader at five storage bindings (parameter, gradient, up to three slots): AdamW with AMSGrad
 * would otherwise need nine, past the eight WebGPU guarantees. All copies are encoded before
 * all dispatches, so the dispatches share one compute pass.
 */
import type { OptimizerRule, OptimizerStepSpec, TensorSpec } from '@rnn/tensor/backend';
import { optimizerSlotNames } from '@rnn/tensor/kernels';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import { Uniforms } from '../../core/uniforms.js';
import { adamKernel } from './optimizer/adam.js';
import type { RuleKernel } from './optimizer/kernel.js';
import { rmspropKernel } from './optimizer/rmsprop.js';
import { sgdKernel } from './optimizer/sgd.js';

const OP = 'optimizerStep';

export const supportsOptimizerStep = (spec: OptimizerStepSpec): boolean => spec.dtype === 'float32';

function ruleKernel(rule: OptimizerRule): RuleKernel {
  switch (rule.kind) {
    case 'sgd':
      return sgdKernel(rule);
    case 'adam':
      return adamKernel(rule);
    case 'rmsprop':
      return rmspropKernel(rule);
  }
}

const wgsl = (kernel: RuleKernel, slotNames: readonly string[]): string => /* wgsl */ `
struct Params { n: u32, ${kernel.fields} }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> theta: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
${slotNames.map((name, k) => `@group(0) @binding(${3 + k}) var<storage, read_write> ${name}: array<f32>;`).join('\n')}
${linearMain()}
  if (index >= p.n) { return; }
  let i = index;
${kernel.body}
}`;

/** New storage holding a copy of `source`, or zeros. */
function copyOrZeros(ctx: GpuContext, source: GpuTensor | null, length: number): GpuTensor {
  const out = ctx.allocate(OP, 'float32', length);
  if (source === null) ctx.stream.clear(out.buffer, 0, out.bytes);
  else ctx.stream.copy(source.buffer, 0, out.buffer, 0, out.bytes);
  return out;
}

export const optimizerStep = (
  ctx: GpuContext,
  spec: OptimizerStepSpec,
  params: readonly TensorSpec[],
  grads: readonly TensorSpec[],
  slots: readonly (readonly (TensorSpec | null)[])[],
): { params: GpuTensor[]; slots: GpuTensor[][] } => {
  const slotNames = optimizerSlotNames(spec.rule);
  const kernel = ruleKernel(spec.rule);
  const pipeline = ctx.pipeline(`optimizer-step:${kernel.key}`, () => wgsl(kernel, slotNames));
  const existing = params.map((_, i) => slotNames.map((__, k) => slots[i]?.[k] ?? null));
  const newParams = params.map((p) => copyOrZeros(ctx, ctx.tensor(p), ctx.tensor(p).length));
  const newSlots = existing.map((row, i) => row.map((s) => copyOrZeros(ctx, s === null ? null : ctx.tensor(s), newParams[i]!.length)));
  newParams.forEach((theta, i) => {
    const uniforms = new Uniforms().u32(theta.length);
    kernel.writeUniforms(uniforms, spec.steps[i]!, existing[i]!.every((s) => s === null));
    ctx.dispatch(pipeline, uniforms.bytes(), [theta, ctx.tensor(grads[i]!), ...newSlots[i]!], gridFor(theta.length));
  });
  return { params: newParams, slots: newSlots };
};
