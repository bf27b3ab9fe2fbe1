/**
 * How a batched, broadcast matmul maps onto dispatches. The tiled kernel steps each operand by
 * one batch stride per entry (0 broadcasts), so the output's batch dims are collapsed first:
 * size-1 dims dropped, and adjacent dims merged wherever all three operands step through them
 * as one. The last collapsed dim becomes the dispatch's batch; each combination of the dims
 * before it (only left when operands broadcast differently on several dims, e.g. [2, 1]·[3])
 * is one dispatch, encoded in a loop on the host.
 */
import type { Shape } from '@rnn/tensor/backend';
import { stridesOf } from '@rnn/tensor/kernels';
import { broadcastStrides } from '../../core/strides.js';

/** Where one dispatch's first entry starts in each operand, in elements. */
export interface BatchDispatch {
  readonly aOffset: number;
  readonly bOffset: number;
  readonly outOffset: number;
}

export interface BatchPlan {
  /**
   * Entries per dispatch and the operands' strides between them, in elements. The output's is
   * always M·N (the dims after the last collapsed one are all 1), as `encodeMatmul` assumes.
   */
  readonly batch: number;
  readonly aStride: number;
  readonly bStride: number;
  readonly dispatches: readonly BatchDispatch[];
}

/** A collapsed batch dim: its size and the three operands' strides along it. */
interface Dim {
  size: number;
  strides: [number, number, number];
}

function collapse(batch: Shape, strides: readonly (readonly number[])[]): Dim[] {
  const dims: Dim[] = [];
  batch.forEach((size, d) => {
    if (size === 1) return;
    const here = [strides[0]![d]!, strides[1]![d]!, strides[2]![d]!] as [number, number, number];
    const last = dims.at(-1);
    // The previous (outer) dim steps exactly `size` of this one for every operand: one dim.
    if (last !== undefined && last.strides.every((s, k) => s === here[k]! * size)) {
      last.size *= size;
      last.strides = here;
    } else {
      dims.push({ size, strides: here });
    }
  });
  return dims;
}

/** The plan for `a` [...batchA, ·, ·] × `b` [...batchB, ·, ·] → `outShape` [...batch, M, N] (dense). */
export function planBatch(aShape: Shape, bShape: Shape, outShape: Shape): BatchPlan {
  const batch = outShape.slice(0, -2);
  const matrixStrides = (shape: Shape): number[] => {
    const matrix = shape.at(-2)! * shape.at(-1)!;
    return broadcastStrides(shape.slice(0, -2), batch).map((s) => s * matrix);
  };
  const outMatrix = outShape.at(-2)! * outShape.at(-1)!;
  const dims = collapse(batch, [matrixStrides(aShape), matrixStrides(bShape), stridesOf(batch).map((s) => s * outMatrix)]);
  const inner = dims.pop() ?? { size: 1, strides: [0, 0, 0] };
  // Every combination of the outer dims, odometer order (the output's row-major order).
  let offsets: [number, number, number][] = [[0, 0, 0]];
  for (const dim of dims) {
    offsets = offsets.flatMap((o) => Array.from({ length: dim.size }, (_, i): [number, number, number] => [o[0] + i * dim.strides[0], o[1] + i * dim.strides[1], o[2] + i * dim.strides[2]]));
  }
  return {
    batch: inner.size,
    aStride: inner.strides[0],
    bStride: inner.strides[1],
    dispatches: offsets.map(([aOffset, bOffset, outOffset]) => ({ aOffset, bOffset, outOffset })),
  };
}
