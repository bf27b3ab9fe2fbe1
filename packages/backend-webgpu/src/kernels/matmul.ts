/**
 * Matrix products. `encodeMatmul` is the building block other kernels (the fused sequence
 * kernels) encode into their own command stream: plain row-major operands at element offsets,
 * a batch with per-operand batch strides (0 broadcasts), optional transposes and accumulation.
 * `matmul` is the backend op: batched products whose batch dims broadcast numpy-style.
 *
 * Both run the tiled kernel of matmul/tiled.ts. With `shaderF16` a float32 product stages its
 * panels in workgroup memory as f16 and multiplies and sums in f32, so the error is that of
 * rounding each input to f16 (11-bit significands): `|C − A·B| ≤ (1·10⁻³ + K·6·10⁻⁸)·(|A|·|B|)`
 * elementwise for inputs in f16's range; inputs above 65 504 become ±∞, and inputs below
 * 6.1·10⁻⁵ (f16's normal range) may lose their precision (devices may flush f16 subnormals).
 * int32 products stay exact (wrapping on overflow, as i32 arithmetic does).
 */
import type { Shape, TensorSpec } from '@rnn/tensor/backend';
import { wgslType, type GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';
import { planBatch } from './matmul/batch-plan.js';
import { encodeTiled, LARGE_TILE, SMALL_TILE, WIDE_TILE, type TileConfig } from './matmul/tiled.js';

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

/**
 * The tile for an M×N product: few rows (an RNN step's batch) take wide 16-row tiles, small
 * products 32×32 ones (more workgroups, less padding), the rest 64×64.
 */
function tileFor(m: number, n: number): TileConfig {
  if (m <= 16) return WIDE_TILE;
  if (m < 64 || n < 64) return SMALL_TILE;
  return LARGE_TILE;
}

/** The WGSL type of a product's operands: float32 and int32 (bool has no product). */
function productType(out: GpuTensor): 'f32' | 'i32' {
  const type = wgslType(out.dtype);
  if (type === 'u32') throw new TypeError('webgpu matmul: bool operands have no product; cast them first');
  return type;
}

/** Encodes `args` (see {@link MatmulArgs}) into the context's command stream. */
export function encodeMatmul(ctx: GpuContext, args: MatmulArgs): void {
  const { m, n, k, batch = 1, accumulate = false, transposeA, transposeB } = args;
  if (m === 0 || n === 0 || batch === 0) return;
  const outOffset = args.outOffset ?? 0;
  if (k === 0) {
    // An empty sum: zeros, or nothing to add.
    if (!accumulate) ctx.stream.clear(args.out.buffer, outOffset * 4, batch * m * n * 4);
    return;
  }
  const type = productType(args.out);
  const variant = { tile: tileFor(m, n), type, f16: type === 'f32' && ctx.options.shaderF16, transposeA, transposeB, accumulate };
  encodeTiled(
    ctx,
    variant,
    {
      m, n, k, batch,
      lda: transposeA ? m : k,
      ldb: transposeB ? k : n,
      ldc: n,
      aOffset: args.aOffset ?? 0,
      aBatchStride: args.aBatchStride ?? m * k,
      bOffset: args.bOffset ?? 0,
      bBatchStride: args.bBatchStride ?? k * n,
      outOffset,
      outBatchStride: m * n,
    },
    args.a,
    args.b,
    args.out,
  );
}

/** The backend's `matmul`: `outShape` = [...batch, M, N], batch dims broadcast (see `MatmulOps`). */
export function matmul(ctx: GpuContext, a: TensorSpec, b: TensorSpec, transposeA: boolean, transposeB: boolean, outShape: Shape): GpuTensor {
  const length = outShape.reduce((p, d) => p * d, 1);
  const out = ctx.allocate('matmul', a.dtype, length);
  if (length === 0) return out;
  const [m, n] = [outShape.at(-2)!, outShape.at(-1)!];
  const k = transposeA ? a.shape.at(-2)! : a.shape.at(-1)!;
  const plan = planBatch(a.shape, b.shape, outShape);
  const [at, bt] = [ctx.tensor(a), ctx.tensor(b)];
  for (const d of plan.dispatches) {
    encodeMatmul(ctx, {
      a: at, aOffset: d.aOffset, aBatchStride: plan.aStride, transposeA,
      b: bt, bOffset: d.bOffset, bBatchStride: plan.bStride, transposeB,
      out, outOffset: d.outOffset,
      m, n, k, batch: plan.batch,
    });
  }
  return out;
}
