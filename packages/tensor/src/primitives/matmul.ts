/** Batched matrix product and its VJP. */
import type { Shape } from '../backend/types.js';
import { unbroadcast } from '../ops/broadcast.js';
import { matmul } from '../ops/matmul.js';
import { primitive } from './primitive.js';

export interface MatmulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly outShape: Shape;
}

export const matmulPrimitive = primitive<MatmulAttrs>({
  name: 'matmul',
  forward: (backend, [a, b], { transposeA, transposeB, outShape }) => [
    { handle: backend.matmul(a!, b!, transposeA, transposeB, outShape), shape: outShape, dtype: a!.dtype },
  ],
  saves: () => ({ inputs: [0, 1] }),
  // With Y = op(A)·op(B): dop(A) = dY·op(B)ᵀ and dop(B) = op(A)ᵀ·dY, written so that no
  // transpose is ever materialised; batch dims that were broadcast are summed back.
  vjp: ({ attrs: { transposeA: tA, transposeB: tB }, inputs, dys, inputShapes, needs }) => {
    const [a, b, dy] = [inputs[0]!, inputs[1]!, dys[0]!];
    const da = needs[0] ? (tA ? matmul(b, dy, { transposeA: tB, transposeB: true }) : matmul(dy, b, { transposeB: !tB })) : null;
    const db = needs[1] ? (tB ? matmul(dy, a, { transposeA: true, transposeB: tA }) : matmul(a, dy, { transposeA: !tA })) : null;
    return [da && unbroadcast(da, inputShapes[0]!), db && unbroadcast(db, inputShapes[1]!)];
  },
});
