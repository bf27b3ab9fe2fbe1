import type { BinaryOp, Shape, TypedArray } from '../../backend/types.js';
import { broadcastStrides } from '../../shape.js';
import { forEachRow } from '../strided.js';

/** One broadcast row: `out[o + i] = a[ai + i·as] op b[bi + i·bs]`. */
function binaryRow(op: BinaryOp, out: TypedArray, o: number, a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, bs: number, n: number): void {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! + b[bi]!; break;
    case 'sub': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! - b[bi]!; break;
    case 'mul': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! * b[bi]!; break;
    case 'div': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = a[ai]! / b[bi]!; break;
    case 'pow': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = Math.pow(a[ai]!, b[bi]!); break;
    case 'maximum': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = Math.max(a[ai]!, b[bi]!); break;
    case 'minimum': for (let i = 0; i < n; i++, ai += as, bi += bs) out[o + i] = Math.min(a[ai]!, b[bi]!); break;
  }
}

export function binaryKernel(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  forEachRow(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)], (offsets, n, steps, o) => {
    binaryRow(op, out, o, a, offsets[0]!, steps[0]!, b, offsets[1]!, steps[1]!, n);
  });
}
