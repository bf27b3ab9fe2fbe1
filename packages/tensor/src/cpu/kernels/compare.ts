import type { CompareOp, Shape, TypedArray } from '../../backend/types.js';
import { broadcastStrides } from '../../shape.js';
import { forEachRow } from '../strided.js';

function compareRow(op: CompareOp, out: Uint8Array, o: number, a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, bs: number, n: number): void {
  switch (op) {
    case 'equal': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai] === b[bi] ? 1 : 0; break;
    case 'notEqual': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai] !== b[bi] ? 1 : 0; break;
    case 'less': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! < b[bi]! ? 1 : 0; break;
    case 'lessEqual': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! <= b[bi]! ? 1 : 0; break;
    case 'greater': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! > b[bi]! ? 1 : 0; break;
    case 'greaterEqual': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! >= b[bi]! ? 1 : 0; break;
  }
}

export function compareKernel(op: CompareOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: Uint8Array, outShape: Shape): void {
  forEachRow(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)], (offsets, n, steps, o) => {
    compareRow(op, out, o, a, offsets[0]!, steps[0]!, b, offsets[1]!, steps[1]!, n);
  });
}
