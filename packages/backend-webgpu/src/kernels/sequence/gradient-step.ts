/**
 * The backward step kernels: elementwise over (entry, unit), turning dL/dh (and the lstm's
 * dL/dc) into gate gradients. Each writes the step's gate gradients twice: compactly per entry
 * into the step buffer (zero for entries past their length), the left operand of the
 * dh_{t−1} product that follows, and in row order into the gradient planes the weight
 * gradients are computed from after the loop.
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { gridFor, linearMain } from '../../core/grid.js';
import type { GradientBuffer, GradientKernel } from './cell-program.js';
import { shaderPrelude, sequenceUniforms, type Binding, type SequenceUniforms } from './shader-prelude.js';

const BINDINGS: Readonly<Record<GradientBuffer, Binding>> = {
  reserve: ['reserve', 'read'],
  dOutput: ['dOutput', 'read'],
  dState: ['dState', 'read_write'],
  step: ['stepGrads', 'read_write'],
  planes: ['planes', 'read_write'],
};

/** The WGSL helpers over each buffer, declared only where the kernel binds it. */
function helpers(bound: ReadonlySet<GradientBuffer>): string {
  const parts: string[] = [];
  if (bound.has('dState')) {
    const fromOutput = bound.has('dOutput') ? ' + dOutput[row * seq.outputSize + u]' : '';
    parts.push(/* wgsl */ `
// dL/dh_t: what the later steps sent back plus this step's output gradient.
fn incomingH(b: u32, u: u32, row: u32) -> f32 { return dState[seq.hOld + b * seq.outputSize + u]${fromOutput}; }
// Past its length an entry's state stops changing, so its gradient passes through unchanged.
fn passH(b: u32, u: u32) { dState[seq.hNew + b * seq.outputSize + u] = dState[seq.hOld + b * seq.outputSize + u]; }`);
  }
  if (bound.has('step')) {
    parts.push(/* wgsl */ `
fn setStepGate(b: u32, g: u32, u: u32, v: f32) { stepGrads[seq.stepGates + b * seq.stepWidth + g * seq.hidden + u] = v; }`);
  }
  if (bound.has('planes')) {
    parts.push(/* wgsl */ `
fn setPlaneGate(row: u32, g: u32, u: u32, v: f32) { planes[seq.planeGates + gateIndex(row, g, u)] = v; }
fn setRecurrentGate(row: u32, g: u32, u: u32, v: f32) { planes[seq.planeRecurrent + row * seq.stepWidth + g * seq.hidden + u] = v; }`);
  }
  if (bound.has('reserve')) {
    parts.push(/* wgsl */ `
fn savedGate(row: u32, g: u32, u: u32) -> f32 { return reserve[seq.resGates + gateIndex(row, g, u)]; }
fn savedPlane(plane: u32, row: u32, u: u32) -> f32 { return reserve[plane + row * seq.hidden + u]; }`);
  }
  return parts.join('\n');
}

export function encodeGradientKernel(
  ctx: GpuContext,
  key: string,
  kernel: GradientKernel,
  buffers: Readonly<Record<GradientBuffer, GpuTensor | null>> & { readonly params: GpuTensor },
  uniforms: SequenceUniforms & { batch: number },
  units: number,
): void {
  const used = kernel.buffers.filter((name) => buffers[name] !== null);
  const bound = new Set(used);
  const pipeline = ctx.pipeline(`sequence-backward:${key}:${kernel.name}:${used.join(',')}`, () => /* wgsl */ `
${shaderPrelude([['params', 'read'], ...used.map((name) => BINDINGS[name])])}
${helpers(bound)}
${linearMain()}
  if (index >= seq.batch * seq.units) { return; }
  let b = index / seq.units;
  let u = index % seq.units;
  let found = rowAt(b);
  if (found < 0) {
    ${kernel.pastLength}
    return;
  }
  let row = u32(found);
  ${kernel.body}
}`);
  const count = uniforms.batch * units;
  ctx.dispatch(pipeline, sequenceUniforms({ ...uniforms, units }), [buffers.params, ...used.map((name) => buffers[name]!)], gridFor(count));
}
