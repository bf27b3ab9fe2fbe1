/**
 * Strided addressing for kernels whose operands are views of the output's index space:
 * broadcasting (stride 0 on broadcast dims), permutes, slices, reversals. Shapes and strides
 * travel as uniforms (`array<vec4u, 2>`: up to 8 dims), so one pipeline serves every shape of
 * a rank.
 */
import type { Shape } from '@rnn/tensor/backend';
import { stridesOf } from '@rnn/tensor/kernels';

export const MAX_RANK = 8;
/** vec4 rows of a shape or stride array in a uniform struct. */
export const RANK_ROWS = MAX_RANK / 4;

/**
 * Strides that read `shape` (dense) at the coordinates of `outShape`, numpy-broadcast: right
 * aligned, 0 where the operand's dim is 1 or missing.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const dense = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, i) => {
    const d = i - offset;
    return d < 0 || shape[d] === 1 ? 0 : dense[d]!;
  });
}

/** Throws a clear error for ranks past {@link MAX_RANK}. */
export function checkRank(op: string, shape: Shape): void {
  if (shape.length > MAX_RANK) throw new RangeError(`webgpu ${op}: rank ${shape.length} is above the supported ${MAX_RANK}`);
}

/**
 * WGSL: `stridedOffset(index, shape, strides, rank)` maps a flat row-major index over `shape`
 * to `Σ coordinate_i · strides_i`. Include once per shader.
 */
export const STRIDED_OFFSET = /* wgsl */ `
fn dimOf(v: array<vec4u, 2>, i: u32) -> u32 { return v[i / 4u][i % 4u]; }
fn stridedOffset(index: u32, shape: array<vec4u, 2>, strides: array<vec4u, 2>, rank: u32) -> u32 {
  var rest = index;
  var offset = 0u;
  for (var i = i32(rank) - 1; i >= 0; i--) {
    let d = dimOf(shape, u32(i));
    offset += (rest % d) * dimOf(strides, u32(i));
    rest = rest / d;
  }
  return offset;
}`;
