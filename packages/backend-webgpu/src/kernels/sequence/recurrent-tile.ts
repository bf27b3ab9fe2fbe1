/**
 * The forward step kernel: the recurrent product and the gate math in one dispatch. Each
 * invocation owns one unit and ROWS batch entries and accumulates, for every gate of that unit,
 * state · weightᵀ in registers (ROWS × gates sums): per 4 state columns it reads each gate's
 * weight row once as a vec4 straight from storage and each entry's state as a vec4 from
 * workgroup memory, so every weight read serves ROWS entries and every state read (the same
 * address across the workgroup) serves all the gates. The state of the workgroup's entries is
 * staged in chunks of TILE_K columns (ROWS × TILE_K floats, two barriers a chunk). Then each
 * invocation runs its family's gate math for each of its (entry, unit) pairs.
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import type { ForwardPhase } from './cell-program.js';
import { shaderPrelude, sequenceUniforms, type Binding, type SequenceUniforms } from './shader-prelude.js';

/** Units per workgroup, one per invocation. */
const TILE_U = 64;
/** Batch entries per invocation (and per workgroup). */
const ROWS = 8;
/** State columns staged per chunk; a multiple of 4. */
const TILE_K = 128;

export interface TileBuffers {
  readonly params: GpuTensor;
  /** The input projection x·W_ihᵀ, [T·B, G·H]. */
  readonly projected: GpuTensor;
  readonly weight: GpuTensor;
  readonly state: GpuTensor;
  readonly output: GpuTensor;
  readonly reserve: GpuTensor | null;
}

function bindingsOf(phase: ForwardPhase, training: boolean, vec4: boolean): Binding[] {
  return [
    ['params', 'read'],
    ...(phase.readsProjection ? ([['inputProjection', 'read']] as const) : []),
    ['weight', 'read', vec4 ? 'vec4f' : 'f32'],
    ['state', 'read_write'],
    ...(phase.writesH ? ([['output', 'read_write']] as const) : []),
    ...(training ? ([['reserve', 'read_write']] as const) : []),
  ];
}

/**
 * `vec4`: the state width is a multiple of 4, so every weight row starts on a vec4 and the weight
 * binds as vec4s (one 16-byte load per gate and 4 columns).
 */
function tileShader(phase: ForwardPhase, inputBias: string, training: boolean, vec4: boolean): string {
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
${shaderPrelude(bindingsOf(phase, training, vec4))}
${phase.readsProjection ? projection : ''}
${phase.writesH ? writeH : ''}

const TILE_U = ${TILE_U}u;
const ROWS = ${ROWS}u;
const TILE_K = ${TILE_K}u;
const GATES = ${phase.gates}u;
// The state of the workgroup's ROWS entries, TILE_K columns as vec4s: entry r from [r · TILE_K / 4].
var<workgroup> inputTile: array<vec4f, ${(ROWS * TILE_K) / 4}>;

// Four weights from element i (column k of its row), zero past the row's end.
fn weights4(i: u32, k: u32) -> vec4f {${vec4 ? `
  return weight[i / 4u];` : `
  if (k + 4u <= seq.inWidth) { return vec4f(weight[i], weight[i + 1u], weight[i + 2u], weight[i + 3u]); }
  var w = vec4f(0.0);
  for (var j = 0u; j < 4u; j++) { if (k + j < seq.inWidth) { w[j] = weight[i + j]; } }
  return w;`}
}

// The gate math of entry b, unit u, with the unit's recurrent products in acc.
fn finish(b: u32, u: u32, acc: array<f32, GATES>) {
  let found = rowAt(b);
  if (found < 0) {
    ${phase.pastLength}
    return;
  }
  let row = u32(found);
  ${phase.body}
}

@compute @workgroup_size(${TILE_U})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let u = wid.x * TILE_U + li;
  let b0 = wid.y * ROWS;
  // Lanes past the last unit read the last unit's rows and write nothing.
  let unit = min(u, seq.units - 1u);
  var acc: array<array<f32, GATES>, ROWS>;
  for (var k0 = 0u; k0 < seq.inWidth; k0 += TILE_K) {
    for (var e = li; e < ROWS * TILE_K; e += TILE_U) {
      let entry = b0 + e / TILE_K;
      let k = k0 + e % TILE_K;
      var v = 0.0;
      if (entry < seq.batch && k < seq.inWidth) { v = state[seq.inOffset + entry * seq.inWidth + k]; }
      inputTile[e / 4u][e % 4u] = v;
    }
    workgroupBarrier();
    let kEnd = min(TILE_K, seq.inWidth - k0);
    for (var k = 0u; k < kEnd; k += 4u) {
      var w: array<vec4f, GATES>;
      for (var g = 0u; g < GATES; g++) { w[g] = weights4((seq.wRow0 + g * seq.units + unit) * seq.inWidth + k0 + k, k0 + k); }
      for (var r = 0u; r < ROWS; r++) {
        let x = inputTile[(r * TILE_K + k) / 4u];
        for (var g = 0u; g < GATES; g++) { acc[r][g] += dot(x, w[g]); }
      }
    }
    workgroupBarrier();
  }
  if (u >= seq.units) { return; }
  for (var r = 0u; r < ROWS; r++) {
    if (b0 + r < seq.batch) { finish(b0 + r, u, acc[r]); }
  }
}`;
}

/**
 * Encodes one phase of one step. `uniforms` carries the step, the slots and the static offsets;
 * the phase's geometry and input are filled in here.
 */
export function encodeTilePhase(ctx: GpuContext, key: string, phase: ForwardPhase, inputBias: string, buffers: TileBuffers, uniforms: SequenceUniforms & { batch: number }, inputOffset: number, geometry: ReturnType<ForwardPhase['geometry']>): void {
  const training = buffers.reserve !== null;
  const vec4 = geometry.inWidth % 4 === 0;
  const pipeline = ctx.pipeline(`sequence-forward:${key}:${phase.name}:${training}:${vec4}`, () => tileShader(phase, inputBias, training, vec4));
  const bound = [
    buffers.params,
    ...(phase.readsProjection ? [buffers.projected] : []),
    buffers.weight,
    buffers.state,
    ...(phase.writesH ? [buffers.output] : []),
    ...(buffers.reserve !== null ? [buffers.reserve] : []),
  ];
  const bytes = sequenceUniforms({ ...uniforms, ...geometry, inOffset: inputOffset });
  ctx.dispatch(pipeline, bytes, bound, [Math.ceil(geometry.units / TILE_U), Math.ceil(uniforms.batch / ROWS)]);
}
