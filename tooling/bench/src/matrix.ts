/**
 * Side-by-side results: cases as rows, implementations (ours in a few configurations and every
 * peer) as columns, each cell the median time and, when the case knows its work, the throughput.
 * A cell may also be missing with a reason (skipped, failed), which becomes a numbered footnote.
 */
import { parallelism, type Stats } from './stats.js';
import { formatNumber } from './row.js';
import { layoutTable, type TableFormat } from './table.js';

/** One implementation: a column of the matrix. */
export interface MatrixColumn {
  /** The key rows use for this column's cells, e.g. `wasm1`. */
  readonly key: string;
  /** The header, e.g. `ours wasm 1t`. */
  readonly label: string;
}

/** A measured cell: its timings (ms per call) and an optional remark (becomes a footnote). */
export interface MeasuredCell {
  readonly stats: Stats;
  readonly note?: string;
}

/** A cell that was not measured, and why (`skipped at large: …`, `failed: …`); becomes a footnote. */
export interface MissingCell {
  readonly missing: string;
}

export type MatrixCell = MeasuredCell | MissingCell;

export interface MatrixRow {
  /** The case, e.g. `LSTM forward, medium (32, 64, 128, 256)`. */
  readonly name: string;
  /** Floating-point operations of one call, for GFLOP/s; leave out to show times only. */
  readonly flops?: number;
  /** Cells by column key; a column without an entry has no such case (`—`, no footnote). */
  readonly cells: Readonly<Record<string, MatrixCell | undefined>>;
}

export interface Matrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
  /** The header of the first column (default `case`), e.g. `case (median ms / GFLOP/s)`. */
  readonly corner?: string;
}

/** GFLOP/s of `flops` done in `ms` milliseconds. */
export function gflopsOf(flops: number, ms: number): number {
  return flops / (ms * 1e6);
}

export const isMeasured = (cell: MatrixCell | undefined): cell is MeasuredCell => cell !== undefined && 'stats' in cell;

/** The matrix's column key → cell of `row`, measured cells only. */
export function measuredCell(row: MatrixRow, key: string): MeasuredCell | null {
  const cell = row.cells[key];
  return isMeasured(cell) ? cell : null;
}

export interface FormattedMatrix {
  /** The table: `case`, then one column per implementation, cells `ms / GFLOP/s` (or `ms`). */
  readonly table: string;
  /** `(1) reason` for each distinct footnote, in order of first use. */
  readonly footnotes: readonly string[];
}

/**
 * Lays out the matrix. Each measured cell shows `median ms / GFLOP/s` (`median ms` for rows
 * without `flops`); a missing cell shows `skipped (n)` or `failed (n)`. Footnotes name the column
 * and, for a measured cell's note, the row; identical footnotes share a number (so one reason
 * for skipping a column at several rows is one footnote). `(n)` and not `[n]`, because `[n]: …` at the start of a markdown line is a
 * link definition and would vanish.
 */
export function formatMatrix(matrix: Matrix, format: TableFormat = 'text'): FormattedMatrix {
  const footnotes: string[] = [];
  const mark = (reason: string): string => {
    let index = footnotes.indexOf(reason);
    if (index < 0) index = footnotes.push(reason) - 1;
    return `(${index + 1})`;
  };
  const body = matrix.rows.map((row) => [
    row.name,
    ...matrix.columns.map((column) => {
      const cell = row.cells[column.key];
      if (cell === undefined) return '—';
      // A reason is usually the column's, whatever the row ("skipped at large: …"): one footnote for all.
      if (!isMeasured(cell)) return `${/^fail/i.test(cell.missing) ? 'failed' : 'skipped'} ${mark(`${column.label}: ${cell.missing}`)}`;
      const ms = cell.stats.median;
      const text = row.flops === undefined ? formatNumber(ms) : `${formatNumber(ms)} / ${formatNumber(gflopsOf(row.flops, ms))}`;
      return cell.note === undefined ? text : `${text} ${mark(`${column.label}, ${row.name}: ${cell.note}`)}`;
    }),
  ]);
  const header = [matrix.corner ?? 'case', ...matrix.columns.map((c) => c.label)];
  const table = layoutTable(format, header, body, ['left', ...matrix.columns.map(() => 'right' as const)]);
  return { table, footnotes: footnotes.map((f, i) => `(${i + 1}) ${f}`) };
}

/** A cell in the `BENCH_JSON` line. */
export type JsonMatrixCell =
  | {
      readonly ms: { readonly median: number; readonly min: number; readonly max: number; readonly runs: number; readonly batch: number };
      readonly gflops?: number;
      /** Busy cores on average (CPU time / wall time) while it ran, when measured. */
      readonly parallelism?: number;
      /** Cores busy with other processes meanwhile, when measured. */
      readonly otherCores?: number;
      readonly note?: string;
    }
  | { readonly missing: string };

export interface JsonMatrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly { readonly name: string; readonly flops?: number; readonly cells: Readonly<Record<string, JsonMatrixCell>> }[];
}

export function matrixJson(matrix: Matrix): JsonMatrix {
  return {
    columns: matrix.columns,
    rows: matrix.rows.map((row) => {
      const cells: Record<string, JsonMatrixCell> = {};
      for (const column of matrix.columns) {
        const cell = row.cells[column.key];
        if (cell === undefined) continue;
        if (!isMeasured(cell)) {
          cells[column.key] = { missing: cell.missing };
          continue;
        }
        const s = cell.stats;
        const busy = parallelism(s);
        cells[column.key] = {
          ms: { median: s.median, min: s.min, max: s.max, runs: s.runs, batch: s.batch },
          ...(row.flops === undefined ? {} : { gflops: gflopsOf(row.flops, s.median) }),
          ...(busy === null ? {} : { parallelism: busy }),
          ...(s.otherCores === undefined ? {} : { otherCores: s.otherCores }),
          ...(cell.note === undefined ? {} : { note: cell.note }),
        };
      }
      return { name: row.name, ...(row.flops === undefined ? {} : { flops: row.flops }), cells };
    }),
  };
}
