/**
 * What every sequence shader shares: one uniform struct (sizes, the step, and the offsets of
 * each plane and slot, so a pipeline serves every size and step), the storage bindings by name,
 * the activations, and the step order (which row of x each entry consumes at a step).
 */
import { Uniforms } from '../../core/uniforms.js';

/** The uniform fields, in struct order; a kernel sets those it reads, the rest are zero. */
const FIELDS = [
  'batch',
  'hidden',
  'outputSize',
  'gateWidth',
  'step',
  'reverse',
  // The recurrent product of a tile kernel: `units` rows per gate from row `wRow0` of its
  // weight, against `inWidth` state values from `inOffset` of the state buffer.
  'units',
  'inWidth',
  'inOffset',
  'wRow0',
  // State (or state-gradient) slots and scratch, see `StatePlanes`.
  'hOld',
  'hNew',
  'cOld',
  'cNew',
  'aux',
  'aux2',
  // The params buffer, see `packParams`.
  'lengths',
  'biasIh',
  'biasHh',
  'peepCi',
  'peepCf',
  'peepCo',
  // The reserve, see `ReservePlanes` in @rnn/tensor/kernels.
  'resGates',
  'resPrevH',
  'resPrevC',
  'resExtra',
  // Backward: the step's gate gradients [B, stepWidth] in the step buffer, and the row-order
  // gradient planes, see `GradientPlanes`.
  'stepGates',
  'stepWidth',
  'planeGates',
  'planeRecurrent',
  'planeCandidate',
  'planeOutput',
  'planeCellOutput',
] as const;

export type SequenceField = (typeof FIELDS)[number];
export type SequenceUniforms = Partial<Record<SequenceField, number>>;

export function sequenceUniforms(values: SequenceUniforms): Uint8Array {
  const uniforms = new Uniforms();
  for (const field of FIELDS) uniforms.u32(values[field] ?? 0);
  return uniforms.bytes();
}

/** A storage binding: its name in WGSL, whether the shader writes it, and its element type (f32 unless given). */
export type Binding = readonly [name: string, access: 'read' | 'read_write', element?: 'f32' | 'vec4f'];

/**
 * The struct, the bindings (from 1, in order: the caller passes its buffers in the same order),
 * and the helpers. Every shader binds `params` first: `rowAt` reads the lengths from it.
 */
export function shaderPrelude(bindings: readonly Binding[]): string {
  const declarations = bindings.map(([name, access, element], i) => `@group(0) @binding(${i + 1}) var<storage, ${access}> ${name}: array<${element ?? 'f32'}>;`);
  return /* wgsl */ `
struct Seq { ${FIELDS.map((f) => `${f}: u32`).join(', ')} }
@group(0) @binding(0) var<uniform> seq: Seq;
${declarations.join('\n')}

fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }

// tanh from exp(−2|x|) ≤ 1, which cannot overflow for large |x| (tanh's own formula may).
fn tanhStable(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  let t = (1.0 - e) / (1.0 + e);
  return select(-t, t, x >= 0.0);
}

// The row t·B + b of x that entry b consumes at this step, or -1 once it is past its length
// (packed semantics: in reverse an entry starts at its own last valid step).
fn rowAt(b: u32) -> i32 {
  let length = bitcast<u32>(params[seq.lengths + b]);
  if (seq.step >= length) { return -1; }
  let t = select(seq.step, length - 1u - seq.step, seq.reverse != 0u);
  return i32(t * seq.batch + b);
}

// A gate's saved activation, gate block g of unit u.
fn gateIndex(row: u32, g: u32, u: u32) -> u32 { return row * seq.gateWidth + g * seq.hidden + u; }
`;
}
