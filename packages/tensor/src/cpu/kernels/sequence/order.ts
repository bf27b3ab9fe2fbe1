/**
 * The order of the recurrence: which row of x each batch entry consumes at each step.
 *
 * Packed-sequence semantics (PyTorch's `pack_padded_sequence`): entry b runs over its first
 * `lengths[b]` time steps only, so past its length its state stops changing and its output
 * stays zero; the reverse direction starts at the entry's last valid step, `lengths[b] − 1`,
 * not at T − 1.
 */

/** The row value of an entry that has run past its length at this step. */
export const PAST_LENGTH = -1;

/**
 * `rows[s·B + b]` is the row t·B + b of x that entry b processes at step s (t = s forward,
 * `lengths[b] − 1 − s` in reverse), or {@link PAST_LENGTH}.
 */
export function stepRows(steps: number, batch: number, lengths: readonly number[] | null, reverse: boolean): Int32Array {
  const rows = new Int32Array(steps * batch);
  for (let b = 0; b < batch; b++) {
    const length = lengths?.[b] ?? steps;
    for (let s = 0; s < steps; s++) {
      const t = reverse ? length - 1 - s : s;
      rows[s * batch + b] = s < length ? t * batch + b : PAST_LENGTH;
    }
  }
  return rows;
}

/** The steps in which at least one entry is still running: the longest length. */
export function activeSteps(steps: number, lengths: readonly number[] | null): number {
  return lengths === null ? steps : lengths.reduce((longest, n) => Math.max(longest, n), 0);
}

/** Calls `visit(b, row)` for every entry still running at `step`. */
export function forEachActive(rows: Int32Array, batch: number, step: number, visit: (entry: number, row: number) => void): void {
  const first = step * batch;
  for (let b = 0; b < batch; b++) {
    const row = rows[first + b]!;
    if (row !== PAST_LENGTH) visit(b, row);
  }
}
