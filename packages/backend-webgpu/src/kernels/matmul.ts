/**
 * Matrix products. `encodeMatmul` is the building block other kernels (the fused sequence
 * kernels) encode into their own command stream: plain row-major operands at element offsets,
 * a batch with per-operand batch strides (0 broadcasts), optional transposes and accumulation.
 *
 * TEMPORARY naive version (one invocation per output element); the tiled kernel replaces it.
 */
import type { Shape, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';
import { gridFor, linearMain } from '../core/grid.js';
import { Uniforms } from '../core/uniforms.js';

export interface MatmulArgs {
  /** [batch] × [M, K] (or [K, M] with transposeA), row-major, from element `aOffset`. */
  readonly a: GpuTensor;
  readonly aOffset?: number;
  /** Elements between consecutive batch entries of `a` (0: the same matrix for every entry). */
  readonly aBatchStride?: number;
  readonly transposeA: boolean;
  /** [batch] × [K, N] (or [N, K] with transposeB). */
  readonly b: GpuTensor;
  readonly bOffset?: number;
  readonly bBatchStride?: number;
  readonly transposeB: boolean;
  /** [batch] × [M, N], dense, from element `outOffset`. */
  readonly out: GpuTensor;
  readonly outOffset?: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batch?: number;
  /** Add the product to what `out` holds instead of overwriting it. */
  readonly accumulate?: boolean;
}

export function encodeMatmul(ctx: GpuContext, args: MatmulArgs): void {
  const { m, n, k, batch = 1, accumulate = false } = args;
  const pipeline = ctx.pipeline(`matmul-naive:${args.transposeA}:${args.transposeB}:${accumulate}`, () => /* wgsl */ `
struct Params { m: u32, n: u32, k: u32, batch: u32, aOffset: u32, aStride: u32, bOffset: u32, bStride: u32, outOffset: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
${linearMain()}
  if (index >= p.m * p.n * p.batch) { return; }
  let e = index / (p.m * p.n);
  let row = (index / p.n) % p.m;
  let col = index % p.n;
  let aBase = p.aOffset + e * p.aStride;
  let bBase = p.bOffset + e * p.bStride;
  var acc = 0.0;
  for (var i = 0u; i < p.k; i++) {
    let x = a[aBase + ${args.transposeA ? 'i * p.m + row' : 'row * p.k + i'}];
    let y = b[bBase + ${args.transposeB ? 'col * p.k + i' : 'i * p.n + col'}];
    acc += x * y;
  }
  let o = p.outOffset + index;
  out[o] = ${accumulate ? 'out[o] + acc' : 'acc'};
}`);
  const uniforms = new Uniforms().u32(m, n, k, batch, args.aOffset ?? 0, args.aBatchStride ?? m * k, args.bOffset ?? 0, args.bBatchStride ?? k * n, args.outOffset ?? 0);
  ctx.dispatch(pipeline, uniforms.bytes(), [args.a, args.b, args.out], gridFor(m * n * batch));
}

export function matmul(ctx: GpuContext, a: TensorSpec, b: TensorSpec, transposeA: boolean, transposeB: boolean, outShape: Shape): GpuTensor {
  void ctx; void a; void b; void transposeA; void transposeB; void outShape;
  throw new Error('matmul: not written yet');
}
