/** permute, slice, reverse and concat: each a strided box copy (see strided-copy.ts). */
import type { TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';
import { stridesOf } from '@rnn/tensor/kernels';
import { sizeOf } from './dims.js';
import { copyBox, type BoxPlacement } from './strided-copy.js';

const dense = (shape: readonly number[]): BoxPlacement => ({ offset: 0, strides: stridesOf(shape) });

export function permute(ctx: GpuContext, x: TensorSpec, perm: readonly number[]): GpuTensor {
  const shape = perm.map((p) => x.shape[p]!);
  const strides = stridesOf(x.shape);
  const out = ctx.allocate('permute', x.dtype, sizeOf(shape));
  copyBox(ctx, 'permute', ctx.tensor(x), { offset: 0, strides: perm.map((p) => strides[p]!) }, out, dense(shape), shape);
  return out;
}

export function slice(ctx: GpuContext, x: TensorSpec, begin: readonly number[], size: readonly number[]): GpuTensor {
  const strides = stridesOf(x.shape);
  const offset = begin.reduce((o, b, i) => o + b * strides[i]!, 0);
  const out = ctx.allocate('slice', x.dtype, sizeOf(size));
  copyBox(ctx, 'slice', ctx.tensor(x), { offset, strides }, out, dense(size), size);
  return out;
}

/** Reads the reversed axes from their last element with negated strides. */
export function reverse(ctx: GpuContext, x: TensorSpec, axes: readonly number[]): GpuTensor {
  const strides = stridesOf(x.shape);
  const out = ctx.allocate('reverse', x.dtype, sizeOf(x.shape));
  if (out.length === 0) return out;
  const offset = axes.reduce((o, a) => o + (x.shape[a]! - 1) * strides[a]!, 0);
  const signed = strides.map((s, i) => (axes.includes(i) ? -s : s));
  copyBox(ctx, 'reverse', ctx.tensor(x), { offset, strides: signed }, out, dense(x.shape), x.shape);
  return out;
}

/**
 * Each input is one box of the output. Along axis 0 (or whenever the dims before `axis` are 1)
 * the boxes are dense runs and the copies are plain buffer copies.
 */
export function concat(ctx: GpuContext, xs: readonly TensorSpec[], axis: number): GpuTensor {
  const shape = [...xs[0]!.shape];
  shape[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
  const outStrides = stridesOf(shape);
  const out = ctx.allocate('concat', xs[0]!.dtype, sizeOf(shape));
  let start = 0;
  for (const x of xs) {
    copyBox(ctx, 'concat', ctx.tensor(x), dense(x.shape), out, { offset: start * outStrides[axis]!, strides: outStrides }, x.shape);
    start += x.shape[axis]!;
  }
  return out;
}
