/**
 * The forward step kernel: the recurrent product and the gate math in one dispatch. Each
 * workgroup owns a tile of TILE_B batch entries × TILE_U units and accumulates, for every gate
 * of those units, state · weightᵀ over the state width in chunks of TILE_K, both operands
 * staged through workgroup memory; then each invocation runs its family's gate math for its
 * (entry, unit) with all of that unit's gates at hand.
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import type { ForwardPhase } from './cell-program.js';
import { shaderPrelude, sequenceUniforms, type Binding, type SequenceUniforms } from './shader-prelude.js';

const TILE_B = 8;
const TILE_U = 8;
const TILE_K = 32;
const INVOCATIONS = TILE_B * TILE_U;

export interface TileBuffers {
  readonly params: GpuTensor;
  /** The input projection x·W_ihᵀ, [T·B, G·H]. */
  readonly projected: GpuTensor;
  readonly weight: GpuTensor;
  readonly state: GpuTensor;
  readonly output: GpuTensor;
  readonly reserve: GpuTensor | null;
}

function bindingsOf(phase: ForwardPhase, training: boolean): Binding[] {
  return [
    ['params', 'read'],
    ...(phase.readsProjection ? ([['inputProjection', 'read']] as const) : []),
    ['weight', 'read'],
    ['state', 'read_write'],
    ...(phase.writesH ? ([['output', 'read_write']] as const) : []),
    ...(training ? ([['reserve', 'read_write']] as const) : []),
  ];
}

function tileShader(phase: ForwardPhase, inputBias: string, training: boolean): string {
  const projection = /* wgsl */ `
fn inputBias(j: u32) -> f32 { return ${inputBias}; }
fn projected(row: u32, j: u32) -> f32 { return inputProjection[row * seq.gateWidth + j] + inputBias(j); }`;
  // h_t goes to the next state slot and to the output row; training keeps h_{t−1} for dW_hh.
  const writeH = /* wgsl */ `
fn writeH(b: u32, u: u32, row: u32, h: f32) {
  let previous = seq.hOld + b * seq.outputSize + u;
  ${training ? 'reserve[seq.resPrevH + row * seq.outputSize + u] = state[previous];' : ''}
  state[seq.hNew + b * seq.outputSize + u] = h;
  output[row * seq.outputSize + u] = h;
}
fn carryH(b: u32, u: u32) { state[seq.hNew + b * seq.outputSize + u] = state[seq.hOld + b * seq.outputSize + u]; }`;
  return /* wgsl */ `
${shaderPrelude(bindingsOf(phase, training))}
${phase.readsProjection ? projection : ''}
${phase.writesH ? writeH : ''}

const TILE_B = ${TILE_B}u;
const TILE_U = ${TILE_U}u;
const TILE_K = ${TILE_K}u;
const GATES = ${phase.gates}u;
var<workgroup> inputTile: array<f32, ${TILE_B * TILE_K}>;
var<workgroup> weightTile: array<f32, ${phase.gates * TILE_U * TILE_K}>;

@compute @workgroup_size(${TILE_U}, ${TILE_B})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let u = wid.x * TILE_U + lid.x;
  let b = wid.y * TILE_B + lid.y;
  var acc: array<f32, GATES>;
  for (var k0 = 0u; k0 < seq.inWidth; k0 += TILE_K) {
    for (var e = li; e < TILE_B * TILE_K; e += ${INVOCATIONS}u) {
      let entry = wid.y * TILE_B + e / TILE_K;
      let k = k0 + e % TILE_K;
      var v = 0.0;
      if (entry < seq.batch && k < seq.inWidth) { v = state[seq.inOffset + entry * seq.inWidth + k]; }
      inputTile[e] = v;
    }
    for (var e = li; e < GATES * TILE_U * TILE_K; e += ${INVOCATIONS}u) {
      let gateUnit = e / TILE_K;
      let unit = wid.x * TILE_U + gateUnit % TILE_U;
      let k = k0 + e % TILE_K;
      var w = 0.0;
      if (unit < seq.units && k < seq.inWidth) { w = weight[(seq.wRow0 + (gateUnit / TILE_U) * seq.units + unit) * seq.inWidth + k]; }
      weightTile[e] = w;
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      let x = inputTile[lid.y * TILE_K + k];
      for (var g = 0u; g < GATES; g++) { acc[g] += x * weightTile[(g * TILE_U + lid.x) * TILE_K + k]; }
    }
    workgroupBarrier();
  }
  if (u >= seq.units || b >= seq.batch) { return; }
  let found = rowAt(b);
  if (found < 0) {
    ${phase.pastLength}
    return;
  }
  let row = u32(found);
  ${phase.body}
}`;
}

/**
 * Encodes one phase of one step. `uniforms` carries the step, the slots and the static offsets;
 * the phase's geometry and input are filled in here.
 */
export function encodeTilePhase(ctx: GpuContext, key: string, phase: ForwardPhase, inputBias: string, buffers: TileBuffers, uniforms: SequenceUniforms & { batch: number }, inputOffset: number, geometry: ReturnType<ForwardPhase['geometry']>): void {
  const training = buffers.reserve !== null;
  const pipeline = ctx.pipeline(`sequence-forward:${key}:${phase.name}:${training}`, () => tileShader(phase, inputBias, training));
  const bound = [
    buffers.params,
    ...(phase.readsProjection ? [buffers.projected] : []),
    buffers.weight,
    buffers.state,
    ...(phase.writesH ? [buffers.output] : []),
    ...(buffers.reserve !== null ? [buffers.reserve] : []),
  ];
  const bytes = sequenceUniforms({ ...uniforms, ...geometry, inOffset: inputOffset });
  ctx.dispatch(pipeline, bytes, bound, [Math.ceil(geometry.units / TILE_U), Math.ceil(uniforms.batch / TILE_B)]);
}
