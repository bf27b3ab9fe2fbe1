/** Aligned plain-text tables. */
import { formatGoal, formatQuantity, formatRatio, ratioOf, type BenchRow } from './row.js';

export type Align = 'left' | 'right';

/** How tables are laid out: aligned plain text for a terminal, or a GitHub-flavoured markdown table. */
export type TableFormat = 'text' | 'markdown';

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

/**
 * `header` and `body` as a GitHub-flavoured markdown table (`| a | b |`, with `---:` under
 * right-aligned columns), padded so that it also reads as plain text. `|` inside a cell is escaped.
 */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const escape = (s: string): string => s.replaceAll('|', '\\|');
  const width = (s: string): number => Array.from(s).length;
  const columns = Math.max(header.length, ...body.map((r) => r.length));
  const head = Array.from({ length: columns }, (_, c) => escape(header[c] ?? ''));
  const rows = body.map((r) => Array.from({ length: columns }, (_, c) => escape(r[c] ?? '')));
  const widths = head.map((h, c) => Math.max(3, width(h), ...rows.map((r) => width(r[c]!))));
  const line = (cells: readonly string[]): string =>
    `| ${cells
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c]! - width(cell));
        return align[c] === 'right' ? pad + cell : cell + pad;
      })
      .join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (align[c] === 'right' ? ` ${'-'.repeat(w - 1)}: ` : ` ${'-'.repeat(w)} `)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** {@link alignColumns} or {@link markdownTable}, by `format`. */
export function layoutTable(format: TableFormat, header: readonly string[], body: readonly (readonly string[])[], align: readonly Align[] = []): string {
  return format === 'markdown' ? markdownTable(header, body, align) : alignColumns(header, body, align);
}

export interface TableLabels {
  /** Header of our column (default `ours`). */
  readonly ours?: string;
  /** Header of the peer's column (default `peer`). */
  readonly peer?: string;
}

/**
 * The benchmark table: case, ours, peer, ratio (oriented so that above 1 means we are better;
 * each cell says whether it is `ours/peer` or `peer/ours`), goal (shown when some row has one),
 * runs (ours/peer, shown when some quantity carries its stats) and notes. `format` picks plain
 * aligned text (default) or markdown.
 */
export function formatTable(rows: readonly BenchRow[], labels: TableLabels = {}, format: TableFormat = 'text'): string {
  const withRuns = rows.some((r) => r.ours?.stats !== undefined || r.peer?.stats !== undefined);
  const withGoal = rows.some((r) => r.goal !== undefined);
  const runs = (q: BenchRow['ours']): string => (q?.stats === undefined ? '—' : String(q.stats.runs));
  const header = [
    'case',
    labels.ours ?? 'ours',
    labels.peer ?? 'peer',
    'ratio (>1: ours better)',
    ...(withGoal ? ['goal'] : []),
    ...(withRuns ? ['runs ours/peer'] : []),
    'note',
  ];
  const body = rows.map((row) => [
    row.name,
    formatQuantity(row.ours),
    formatQuantity(row.peer),
    formatRatio(ratioOf(row)),
    ...(withGoal ? [formatGoal(row)] : []),
    ...(withRuns ? [`${runs(row.ours)}/${runs(row.peer)}`] : []),
    row.note ?? '',
  ]);
  const align: Align[] = ['left', 'right', 'right', 'right', ...(withGoal ? (['left'] as const) : []), ...(withRuns ? (['right'] as const) : []), 'left'];
  return layoutTable(format, header, body, align);
}
