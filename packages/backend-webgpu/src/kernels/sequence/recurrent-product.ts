/**
 * The backward's per-step products, out (+)= a · b with a [m, k] (m = the batch, small) and b
 * [k, n] (a weight), all row-major from their offsets: the shape of the forward's recurrent
 * product, so the same register blocking as the step kernel. Each invocation owns 4 consecutive
 * columns of out and ROWS of its rows (ROWS vec4 sums in registers); per row of b it reads its 4
 * columns as one vec4 (consecutive lanes, consecutive addresses), and per 4 of k each row's 4
 * values of a as one vec4 from workgroup memory (the same address across the workgroup). a's
 * rows are staged TILE_K columns at a time.
 */
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { Uniforms } from '../../core/uniforms.js';
import type { MatmulArgs } from '../matmul.js';

/** Invocations per workgroup, each owning 4 consecutive columns. */
const LANES = 32;
const TILE_N = 4 * LANES;
/** Rows of out per invocation (and per workgroup). */
const ROWS = 8;
/** Columns of a staged per chunk; a multiple of 4. */
const TILE_K = 128;

/** `vec4`: n and b's offset are multiples of 4, so b binds as vec4s (one 16-byte load per row of b and 4 columns). */
function productShader(accumulate: boolean, vec4: boolean): string {
  return /* wgsl */ `
struct Product { m: u32, n: u32, k: u32, aOffset: u32, bOffset: u32, outOffset: u32 }
@group(0) @binding(0) var<uniform> p: Product;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<${vec4 ? 'vec4f' : 'f32'}>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const LANES = ${LANES}u;
const ROWS = ${ROWS}u;
const TILE_K = ${TILE_K}u;
// The workgroup's ROWS rows of a, TILE_K columns as vec4s: row r from [r · TILE_K / 4].
var<workgroup> aTile: array<vec4f, ${(ROWS * TILE_K) / 4}>;

// Row kk of b, columns j..j+3 (j a multiple of 4), zero past n.
fn columns4(kk: u32, j: u32) -> vec4f {${vec4 ? `
  return b[(p.bOffset + kk * p.n + j) / 4u];` : `
  let i = p.bOffset + kk * p.n + j;
  if (j + 4u <= p.n) { return vec4f(b[i], b[i + 1u], b[i + 2u], b[i + 3u]); }
  var w = vec4f(0.0);
  for (var c = 0u; c < 4u; c++) { if (j + c < p.n) { w[c] = b[i + c]; } }
  return w;`}
}

@compute @workgroup_size(${LANES})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let j = (wid.x * LANES + li) * 4u;
  let m0 = wid.y * ROWS;
  // Lanes wholly past n read the last columns and write nothing.
  let column = min(j, (p.n - 1u) / 4u * 4u);
  var acc: array<vec4f, ROWS>;
  for (var k0 = 0u; k0 < p.k; k0 += TILE_K) {
    for (var e = li; e < ROWS * TILE_K; e += LANES) {
      let row = m0 + e / TILE_K;
      let k = k0 + e % TILE_K;
      var v = 0.0;
      if (row < p.m && k < p.k) { v = a[p.aOffset + row * p.k + k]; }
      aTile[e / 4u][e % 4u] = v;
    }
    workgroupBarrier();
    let kEnd = min(TILE_K, p.k - k0);
    for (var k = 0u; k < kEnd; k += 4u) {
      // Rows of b past k stay zero (their a is zero too, but b past its end may not be a number).
      var w: array<vec4f, 4>;
      for (var i = 0u; i < 4u; i++) { if (k + i < kEnd) { w[i] = columns4(k0 + k + i, column); } }
      for (var r = 0u; r < ROWS; r++) {
        let x = aTile[(r * TILE_K + k) / 4u];
        acc[r] += x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + x[3] * w[3];
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < ROWS; r++) {
    if (m0 + r >= p.m) { break; }
    for (var c = 0u; c < 4u; c++) {
      if (j + c < p.n) {
        let o = p.outOffset + (m0 + r) * p.n + j + c;
        out[o] = ${accumulate ? 'out[o] + ' : ''}acc[r][c];
      }
    }
  }
}`;
}

/** Encodes out (+)= a · b for the untransposed, unbatched products of a backward step. */
export function encodeRecurrentProduct(ctx: GpuContext, args: Omit<MatmulArgs, 'a' | 'b' | 'out'> & { readonly a: GpuTensor; readonly b: GpuTensor; readonly out: GpuTensor }): void {
  const { m, n, k, accumulate = false } = args;
  if (args.transposeA || args.transposeB || (args.batch ?? 1) !== 1) throw new Error('encodeRecurrentProduct: untransposed, unbatched products only');
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) ctx.stream.clear(args.out.buffer, (args.outOffset ?? 0) * 4, m * n * 4);
    return;
  }
  const vec4 = n % 4 === 0 && (args.bOffset ?? 0) % 4 === 0;
  const pipeline = ctx.pipeline(`sequence-product:${accumulate}:${vec4}`, () => productShader(accumulate, vec4));
  const uniforms = new Uniforms().u32(m, n, k, args.aOffset ?? 0, args.bOffset ?? 0, args.outOffset ?? 0).bytes();
  ctx.dispatch(pipeline, uniforms, [args.a, args.b, args.out], [Math.ceil(n / TILE_N), Math.ceil(m / ROWS)]);
}
