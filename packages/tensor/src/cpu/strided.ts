/**
 * Strided iteration for the cpu kernels. Operands are read through per-axis strides (0 on
 * broadcast axes); dims that are contiguous for every operand are merged first, so most calls
 * become one long row and the per-row callback cost disappears.
 */

/** Merges adjacent dims that every operand can step through as one. Drops size-1 dims. */
export function collapseDims(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    const mergeable = last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * size);
    if (mergeable) {
      outShape[last]! *= size;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(size);
      strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `row(offsets, n, steps)` once per innermost row of `shape`: `offsets[k]` is where
 * operand k's row starts and `steps[k]` its stride along the row. `offsets` is reused between
 * calls. The output is assumed dense: its offset is `rowIndex * n`.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  row: (offsets: readonly number[], n: number, steps: readonly number[], outOffset: number) => void,
): void {
  const c = collapseDims(shape, strides);
  const rank = c.shape.length;
  const operands = strides.length;
  if (c.shape.some((d) => d === 0)) return;
  if (rank === 0) {
    row(new Array<number>(operands).fill(0), 1, new Array<number>(operands).fill(0), 0);
    return;
  }
  const n = c.shape[rank - 1]!;
  const steps = c.strides.map((s) => s[rank - 1]!);
  const offsets = new Array<number>(operands).fill(0);
  const counter = new Array<number>(rank - 1).fill(0);
  const rows = c.shape.slice(0, -1).reduce((p, d) => p * d, 1);
  for (let r = 0; r < rows; r++) {
    row(offsets, n, steps, r * n);
    // Odometer increment over the outer dims, updating every operand's offset incrementally.
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      for (let k = 0; k < operands; k++) offsets[k]! += c.strides[k]![d]!;
      if (counter[d]! < c.shape[d]!) break;
      for (let k = 0; k < operands; k++) offsets[k]! -= c.strides[k]![d]! * c.shape[d]!;
      counter[d] = 0;
    }
  }
}
