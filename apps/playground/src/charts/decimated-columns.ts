/**
 * Rows of numbers in column arrays (uPlot's data layout), bounded in memory however long training
 * runs. Past `maxRows`, older rows are thinned evenly: the columns keep every `stride`-th row ever
 * pushed, the stride doubling each time they fill up, plus always the newest row, so a chart shows
 * the whole run at uniform resolution and ends exactly at the latest figures.
 */
export type Cell = number | null;

export class DecimatedColumns {
  /** `columns[c][i]`: column c of the i-th row kept. */
  readonly columns: Cell[][];
  /** The push count (0-based) of each row kept. */
  private ordinals: number[] = [];
  private pushed = 0;
  private stride = 1;

  constructor(
    width: number,
    private readonly maxRows: number,
  ) {
    if (maxRows < 2) throw new RangeError(`maxRows must be at least 2 (the first and the newest row); got ${maxRows}`);
    this.columns = Array.from({ length: width }, () => []);
  }

  get length(): number {
    return this.ordinals.length;
  }

  push(row: readonly Cell[]): void {
    // The previous newest row stays only if it falls on the stride.
    const last = this.ordinals.length - 1;
    if (last >= 0 && this.ordinals[last]! % this.stride !== 0) this.truncate(last);
    this.ordinals.push(this.pushed++);
    this.columns.forEach((column, c) => column.push(row[c] ?? null));
    while (this.ordinals.length > this.maxRows) this.thin();
  }

  clear(): void {
    this.truncate(0);
    this.pushed = 0;
    this.stride = 1;
  }

  /** Doubles the stride and keeps the rows on it, and the newest. */
  private thin(): void {
    this.stride *= 2;
    const newest = this.ordinals.length - 1;
    const keep = this.ordinals.map((ordinal, i) => ordinal % this.stride === 0 || i === newest);
    this.ordinals = this.ordinals.filter((_, i) => keep[i]);
    this.columns.forEach((column, c) => (this.columns[c] = column.filter((_, i) => keep[i])));
  }

  private truncate(length: number): void {
    this.ordinals.length = length;
    for (const column of this.columns) column.length = length;
  }
}
