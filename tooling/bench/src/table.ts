/** Aligned plain-text tables. */
import { formatQuantity, formatRatio, ratioOf, type BenchRow } from './row.js';

export type Align = 'left' | 'right';

/**
 * Lays out `header` and `body` as columns separated by two spaces, with a dashed rule under
 * the header. Columns are left-aligned unless `align` says otherwise. Width counts code points,
 * so `µ`, `×` and `—` line up.
 */
export function alignColumns(header: readonly string[], body: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const width = (s: string): number => Array.from(s).length;
  const columns = Math.max(header.length, ...body.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) {
    widths.push(Math.max(width(header[c] ?? ''), ...body.map((r) => width(r[c] ?? ''))));
  }
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, c) => {
        const cell = cells[c] ?? '';
        const pad = ' '.repeat(w - width(cell));
        return align[c] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}

export interface TableLabels {
  /** Header of our column (default `ours`). */
  readonly ours?: string;
  /** Header of the peer's column (default `peer`). */
  readonly peer?: string;
}

/**
 * The benchmark table: case, ours, peer, ratio (oriented so that above 1 means we are better;
 * each cell says whether it is `ours/peer` or `peer/ours`), runs (ours/peer, shown when some
 * quantity carries its stats) and notes.
 */
export function formatTable(rows: readonly BenchRow[], labels: TableLabels = {}): string {
  const withRuns = rows.some((r) => r.ours?.stats !== undefined || r.peer?.stats !== undefined);
  const runs = (q: BenchRow['ours']): string => (q?.stats === undefined ? '—' : String(q.stats.runs));
  const header = ['case', labels.ours ?? 'ours', labels.peer ?? 'peer', 'ratio (>1: ours better)', ...(withRuns ? ['runs ours/peer'] : []), 'note'];
  const body = rows.map((row) => [
    row.name,
    formatQuantity(row.ours),
    formatQuantity(row.peer),
    formatRatio(ratioOf(row)),
    ...(withRuns ? [`${runs(row.ours)}/${runs(row.peer)}`] : []),
    row.note ?? '',
  ]);
  return alignColumns(header, body, ['left', 'right', 'right', 'right', ...(withRuns ? (['right'] as const) : []), 'left']);
}
