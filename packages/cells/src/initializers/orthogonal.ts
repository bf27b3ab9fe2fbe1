/** The orthogonal initializer (Saxe et al. 2014), computed exactly as PyTorch's `orthogonal_`. */
import { ArgumentError, createCpuBackend, fromArray, normal } from '@rnn/tensor';
import { orthonormalColumns } from './householder-qr.js';
import type { Initializer } from './initializer.js';

/**
 * `gain · Q`, Q from the QR factorization of a seeded standard-normal matrix: orthonormal rows
 * or columns (whichever are fewer), so a recurrent matrix starts norm-preserving. The weight is
 * seen as `[shape[0], rest]`; a wide matrix is factored through its transpose; Q's columns are
 * signed by R's diagonal, which makes Q Haar-distributed (Mezzadri 2007) and equal to PyTorch's.
 *
 * The normal draw is read back in JavaScript, so it is made on a private cpu backend: the same
 * Philox numbers the target backend would draw, and it works where reads are async only.
 */
export const orthogonal =
  ({ gain = 1 }: { readonly gain?: number } = {}): Initializer =>
  (shape, { generator, dtype, backend }) => {
    if (shape.length < 2) throw new ArgumentError('orthogonal initializer', 'shape', `needs at least 2 dims, got [${shape.join(', ')}]`);
    const rows = shape[0]!;
    const columns = shape.slice(1).reduce((n, d) => n * d, 1);
    const scratch = createCpuBackend();
    try {
      const drawn = normal([rows, columns], { generator, dtype: 'float64', backend: scratch });
      const sample = drawn.dataSync() as Float64Array;
      drawn.dispose();
      const wide = rows < columns;
      const q = wide ? transpose(orthonormalColumns(transpose(sample, rows, columns), columns, rows), columns, rows) : orthonormalColumns(sample, rows, columns);
      return fromArray(q.map((v) => gain * v), { shape, dtype, backend });
    } finally {
      scratch.destroy();
    }
  };

function transpose(a: Float64Array, rows: number, columns: number): Float64Array {
  const t = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) t[j * rows + i] = a[i * columns + j]!;
  return t;
}
