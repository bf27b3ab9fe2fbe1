/**
 * `random`: Philox4x32-10 exactly as @rnn/tensor's cpu backend computes it (same key and counter,
 * same words), one invocation per 128-bit block, which gives four consecutive elements. The
 * transforms follow the reference so that uniform and bernoulli draws are bit-identical and
 * normal draws agree within float32 rounding.
 */
import type { DType, RandomSpec, Shape } from '@rnn/tensor/backend';
import { wgslType, type GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';
import { gridFor, linearMain } from '../core/grid.js';
import { Uniforms } from '../core/uniforms.js';
import { elementCount } from './elementwise/map.js';
import { accurateLog, mulHigh, sinPiShifted, wgslFunctions, type WgslFunction } from './elementwise/wgsl-math.js';

const PHILOX = /* wgsl */ `
fn philox(counter: vec4u, key: vec2u) -> vec4u {
  var c = counter;
  var k = key;
  for (var i = 0; i < 10; i++) {
    let hi0 = mulHigh(0xd2511f53u, c.x);
    let lo0 = 0xd2511f53u * c.x;
    let hi1 = mulHigh(0xcd9e8d57u, c.z);
    let lo1 = 0xcd9e8d57u * c.z;
    c = vec4u(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k += vec2u(0x9e3779b9u, 0xbb67ae85u);
  }
  return c;
}

// The top 24 bits as a number in [0, 1): exact in float32.
fn unitFloats(words: vec4u) -> vec4f { return vec4f(words >> vec4u(8u)) * 5.960464477539063e-8; }`;

/** Each distribution: its extra uniform fields and the WGSL that turns `words` into `values`. */
const transforms: Record<RandomSpec['distribution'], { readonly fields: string; readonly body: string; readonly uses: readonly WgslFunction[] }> = {
  uniform: { fields: 'offset: f32, scale: f32', body: 'let values = params.offset + params.scale * unitFloats(words);', uses: [] },
  // Box–Muller on the pairs (0, 1) and (2, 3): the first word gives the radius (1 − u is in
  // (0, 1], so its log is finite), the second the angle 2π·u, taken as π·(2u) so that its
  // reduction is exact.
  normal: {
    fields: 'offset: f32, scale: f32',
    body: /* wgsl */ `let u = unitFloats(words);
  // log(1 − u) ≤ 0; abs keeps a −0 out of sqrt.
  let r0 = sqrt(abs(2.0 * accurateLog(1.0 - u.x)));
  let r1 = sqrt(abs(2.0 * accurateLog(1.0 - u.z)));
  let gaussian = vec4f(r0 * sinPiShifted(2.0 * u.y, 1), r0 * sinPiShifted(2.0 * u.y, 0), r1 * sinPiShifted(2.0 * u.w, 1), r1 * sinPiShifted(2.0 * u.w, 0));
  let values = params.offset + params.scale * gaussian;`,
    uses: [accurateLog, sinPiShifted],
  },
  // u < p, with u = k·2^-24, is k < ceil(p·2^24): an integer test, exact for any double p.
  bernoulli: { fields: 'threshold: u32', body: 'let values = select(vec4<T>(0), vec4<T>(1), (words >> vec4u(8u)) < vec4u(params.threshold));', uses: [] },
};

function shader(distribution: RandomSpec['distribution'], type: string): string {
  const { fields, body, uses } = transforms[distribution];
  return /* wgsl */ `
struct Params { n: u32, key0: u32, key1: u32, counter0: u32, counter1: u32, ${fields} }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<${type}>;
alias T = ${type};
${PHILOX}
${wgslFunctions([mulHigh, ...uses])}
${linearMain()}
  let first = index * 4u;
  if (first >= params.n) { return; }
  // Block \`index\` after the first: a 64-bit add, carrying into the second counter word.
  let low = params.counter0 + index;
  let words = philox(vec4u(low, params.counter1 + u32(low < index), 0u, 0u), vec2u(params.key0, params.key1));
  ${body}
  for (var w = 0u; w < 4u && first + w < params.n; w++) { out[first + w] = values[w]; }
}`;
}

export function random(ctx: GpuContext, spec: RandomSpec, shape: Shape, dtype: DType): GpuTensor {
  const type = wgslType(dtype);
  if (spec.distribution !== 'bernoulli' && type !== 'f32') throw new TypeError(`webgpu random: ${spec.distribution} needs a float dtype, got ${dtype}`);
  const n = elementCount(shape);
  const out = ctx.allocate('random', dtype, n);
  const pipeline = ctx.pipeline(`random:${spec.distribution}:${type}`, () => shader(spec.distribution, type));
  const uniforms = new Uniforms().u32(n, spec.key[0], spec.key[1], spec.counter, Math.floor(spec.counter / 2 ** 32));
  if (spec.distribution === 'uniform') uniforms.f32(spec.a, spec.b - spec.a);
  else if (spec.distribution === 'normal') uniforms.f32(spec.a, spec.b);
  else uniforms.u32(spec.a > 0 ? Math.min(2 ** 24, Math.ceil(spec.a * 2 ** 24)) : 0);
  ctx.dispatch(pipeline, uniforms.bytes(), [out], gridFor(Math.ceil(n / 4)));
  return out;
}
