/** Matrix products. */
import { apply1 } from '../engine/apply.js';
import { tidy } from '../engine/memory.js';
import { ShapeError } from '../errors.js';
import { matmulPrimitive } from '../primitives/matmul.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { resultType, withOperands } from './operands.js';
import { reshape } from './reshape.js';

export interface MatmulOptions {
  /** Use the transpose of `a`'s last two dims (no copy is made). */
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

/**
 * Matrix product with numpy/PyTorch semantics: the last two dims multiply, leading (batch)
 * dims broadcast; a 1-D `a` is a row vector and a 1-D `b` a column vector, their added dim
 * removed from the result. Transposes are flags, never copies.
 *
 * @example
 * matmul(x, w, { transposeB: true }) // x · wᵀ, as torch.nn.functional.linear
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  if (a.rank === 0 || b.rank === 0) throw new ShapeError('matmul', [a.shape, b.shape], 'both operands need at least one dim');
  return withOperands([a, b], resultType('matmul', [a, b]), ([x, y]) => {
    if (x!.rank > 1 && y!.rank > 1) return matrixProduct(x!, y!, options);
    // Vectors: a row [1, K] on the left, a column [K, 1] on the right, the added dim dropped.
    return tidy(() => {
      const row = x!.rank === 1 ? reshape(x!, [1, x!.size]) : x!;
      const column = y!.rank === 1 ? reshape(y!, [y!.size, 1]) : y!;
      const out = matrixProduct(row, column, {
        transposeA: x!.rank > 1 && options.transposeA === true,
        transposeB: y!.rank > 1 && options.transposeB === true,
      });
      const dropped = (i: number): boolean => (x!.rank === 1 && i === out.rank - 2) || (y!.rank === 1 && i === out.rank - 1);
      return reshape(out, out.shape.filter((_, i) => !dropped(i)));
    });
  });
}

/** Both operands of rank ≥ 2 and the same dtype. */
function matrixProduct(a: Tensor, b: Tensor, { transposeA = false, transposeB = false }: MatmulOptions): Tensor {
  const [m, ka] = transposeA ? [a.shape[a.rank - 1]!, a.shape[a.rank - 2]!] : [a.shape[a.rank - 2]!, a.shape[a.rank - 1]!];
  const [kb, n] = transposeB ? [b.shape[b.rank - 1]!, b.shape[b.rank - 2]!] : [b.shape[b.rank - 2]!, b.shape[b.rank - 1]!];
  if (ka !== kb) {
    throw new ShapeError('matmul', [a.shape, b.shape], `inner dims differ: ${ka} vs ${kb}${transposeA || transposeB ? ' (after transposes)' : ''}`);
  }
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  return apply1(matmulPrimitive, [a, b], { transposeA, transposeB, outShape: [...batch, m, n] });
}
