import type { Shape } from '../../backend/types.js';
import { broadcastStrides, sizeOf } from '../../shape.js';
import { forEachRow } from '../strided.js';
import { matmulKernel, type FloatArray } from './matmul.js';

/**
 * Visits each matrix product of a batched matmul: `visit(aOffset, bOffset, outOffset)` gives
 * where the entry's A, B and output matrices start (in elements). Batch dims broadcast by giving
 * an operand a zero matrix stride on them. Any backend whose storage is addressable by offset
 * can reuse this and bring its own 2-D kernel.
 */
export function forEachMatmulEntry(aShape: Shape, bShape: Shape, outShape: Shape, visit: (aOffset: number, bOffset: number, outOffset: number) => void): void {
  const rank = outShape.length;
  const outSize = outShape[rank - 2]! * outShape[rank - 1]!;
  const batch = outShape.slice(0, -2);
  const matrixStrides = (shape: Shape): number[] =>
    broadcastStrides(shape.slice(0, -2), batch).map((s) => s * shape[shape.length - 2]! * shape[shape.length - 1]!);
  let entry = 0;
  const run = (aOffset: number, bOffset: number): void => { visit(aOffset, bOffset, entry++ * outSize); };
  if (sizeOf(batch) === 0) return;
  if (batch.length === 0) {
    run(0, 0);
    return;
  }
  forEachRow(batch, [matrixStrides(aShape), matrixStrides(bShape)], (offsets, count, steps) => {
    for (let i = 0; i < count; i++) run(offsets[0]! + i * steps[0]!, offsets[1]! + i * steps[1]!);
  });
}

/** Runs the cpu 2-D kernel once per batch entry; transposes only change the strides it reads with. */
export function batchedMatmul(
  a: FloatArray, aShape: Shape, transposeA: boolean,
  b: FloatArray, bShape: Shape, transposeB: boolean,
  out: FloatArray, outShape: Shape,
): void {
  const rank = outShape.length;
  const [m, n] = [outShape[rank - 2]!, outShape[rank - 1]!];
  const k = transposeA ? aShape[aShape.length - 2]! : aShape[aShape.length - 1]!;
  const aCols = aShape[aShape.length - 1]!;
  const bCols = bShape[bShape.length - 1]!;
  const [aRowStride, aColStride] = transposeA ? [1, aCols] : [aCols, 1];
  const [bRowStride, bColStride] = transposeB ? [1, bCols] : [bCols, 1];
  forEachMatmulEntry(aShape, bShape, outShape, (aOffset, bOffset, outOffset) => { matmulKernel(a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, out, outOffset, m, n, k); },
  );
}
