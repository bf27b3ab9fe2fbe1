import type { Shape } from '../../backend/types.js';
import { broadcastStrides, sizeOf } from '../../shape.js';
import { forEachRow } from '../strided.js';
import { matmulKernel, type FloatArray } from './matmul.js';

/**
 * Runs the 2-D kernel once per batch entry; batch dims broadcast by giving an operand a zero
 * matrix stride on them. Transposes only change the strides the kernel reads with.
 */
export function batchedMatmul(
  a: FloatArray, aShape: Shape, transposeA: boolean,
  b: FloatArray, bShape: Shape, transposeB: boolean,
  out: FloatArray, outShape: Shape,
): void {
  const rank = outShape.length;
  const [m, n] = [outShape[rank - 2]!, outShape[rank - 1]!];
  const k = transposeA ? aShape[aShape.length - 2]! : aShape[aShape.length - 1]!;
  const aRows = aShape[aShape.length - 2]!;
  const aCols = aShape[aShape.length - 1]!;
  const bRows = bShape[bShape.length - 2]!;
  const bCols = bShape[bShape.length - 1]!;
  const [aRowStride, aColStride] = transposeA ? [1, aCols] : [aCols, 1];
  const [bRowStride, bColStride] = transposeB ? [1, bCols] : [bCols, 1];
  const batch = outShape.slice(0, -2);
  const matrixStrides = (shape: Shape, size: number): number[] =>
    broadcastStrides(shape.slice(0, -2), batch).map((s) => s * size);
  let entry = 0;
  const run = (aOffset: number, bOffset: number): void => {
    matmulKernel(a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, out, entry * m * n, m, n, k);
    entry++;
  };
  if (sizeOf(batch) === 0) return;
  if (batch.length === 0) {
    run(0, 0);
    return;
  }
  forEachRow(batch, [matrixStrides(aShape, aRows * aCols), matrixStrides(bShape, bRows * bCols)], (offsets, count, steps) => {
    for (let i = 0; i < count; i++) run(offsets[0]! + i * steps[0]!, offsets[1]! + i * steps[1]!);
  });
}
