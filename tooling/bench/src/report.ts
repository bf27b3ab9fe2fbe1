/** Printing results: the table for people, then one `BENCH_JSON {…}` line for machines. */
import { environment, type Environment } from './environment.js';
import { formatMatrix, matrixJson, type JsonMatrix, type Matrix } from './matrix.js';
import { goalMet, ratioOf, type BenchRow, type Better, type Ratio } from './row.js';
import { formatTable, type TableFormat } from './table.js';

/** The prefix of the machine-readable line; grep for it. */
export const BENCH_JSON_PREFIX = 'BENCH_JSON ';

export interface ReportOptions {
  /** The first line printed, e.g. `@rnn/tensor cpu vs tfjs-backend-cpu 4.22.0`. */
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Extra machine-readable fields (package, peer version, options), put under `extra` in the JSON. */
  readonly json?: Readonly<Record<string, unknown>>;
  /** Column headers for the two sides (default `ours` and `peer`). */
  readonly labels?: { readonly ours?: string; readonly peer?: string };
  /** Lines printed under the table (how the cases were run, caveats). */
  readonly notes?: readonly string[];
  /** Where lines go (default `console.log`). */
  readonly write?: (line: string) => void;
  /**
   * Side-by-side results (cases × implementations), printed before the ratio table with its
   * footnotes, and put under `matrix` in the JSON.
   */
  readonly matrix?: Matrix;
  /**
   * `text` (default): aligned plain-text tables. `markdown`: markdown tables, the title as a
   * heading and notes as a list, ready to paste into a README.
   */
  readonly format?: TableFormat;
}

interface JsonQuantity {
  readonly value: number;
  readonly unit: string;
  /** Per-call milliseconds, when the quantity came with stats. */
  readonly ms?: { readonly median: number; readonly min: number; readonly max: number; readonly runs: number; readonly batch: number };
}

export interface JsonRow {
  readonly name: string;
  readonly better: Better;
  readonly ours: JsonQuantity | null;
  readonly peer: JsonQuantity | null;
  readonly ratio: Ratio | null;
  readonly note?: string;
  /** The row's goal for the ratio, and whether it was met (null: no ratio to judge). */
  readonly goal?: number;
  readonly met?: boolean | null;
}

/** What follows `BENCH_JSON ` (one line of JSON). */
export interface BenchJson {
  readonly title: string;
  readonly env: Environment;
  readonly rows: readonly JsonRow[];
  /** The side-by-side results, when the report had a matrix. */
  readonly matrix?: JsonMatrix;
  readonly extra?: Readonly<Record<string, unknown>>;
}

function jsonQuantity(q: BenchRow['ours']): JsonQuantity | null {
  if (q === null) return null;
  const s = q.stats;
  if (s === undefined) return { value: q.value, unit: q.unit };
  return { value: q.value, unit: q.unit, ms: { median: s.median, min: s.min, max: s.max, runs: s.runs, batch: s.batch } };
}

/** How to read the ratio column; printed under every table. */
export const RATIO_LEGEND =
  'ratio: above 1 means ours is better; ours/peer for higher-is-better units (throughput), peer/ours for lower-is-better ones (time).';

/** A rendered report: the lines for people (everything but the `BENCH_JSON` line) and the JSON. */
export interface RenderedReport {
  readonly lines: readonly string[];
  readonly json: BenchJson;
}

/**
 * Builds what {@link report} prints, without printing it: `title`, the machine, the matrix and
 * its footnotes (if any), the table, the ratio legend and `notes`; and the JSON object.
 */
export function renderReport(options: ReportOptions): RenderedReport {
  const format = options.format ?? 'text';
  const json: BenchJson = {
    title: options.title,
    env: environment(),
    rows: options.rows.map((row) => ({
      name: row.name,
      better: row.better,
      ours: jsonQuantity(row.ours),
      peer: jsonQuantity(row.peer),
      ratio: ratioOf(row),
      ...(row.note === undefined ? {} : { note: row.note }),
      ...(row.goal === undefined ? {} : { goal: row.goal, met: goalMet(row) }),
    })),
    ...(options.matrix === undefined ? {} : { matrix: matrixJson(options.matrix) }),
    ...(options.json === undefined ? {} : { extra: options.json }),
  };
  const { env } = json;
  const md = format === 'markdown';
  const lines: string[] = [];
  lines.push(md ? `### ${options.title}` : options.title);
  if (md) lines.push('');
  const load = env.loadAverage[0] === undefined || env.loadAverage[0] === 0 ? '' : `, load average ${env.loadAverage.map((l) => l.toFixed(2)).join(' ')}`;
  lines.push(`${env.cpu}, ${env.cores} cores, Node ${env.node}, ${env.platform}-${env.arch}, ${env.date}${load}`);
  lines.push('');
  if (options.matrix !== undefined) {
    const { table, footnotes } = formatMatrix(options.matrix, format);
    lines.push(table);
    if (footnotes.length > 0) {
      lines.push('');
      for (const f of footnotes) lines.push(md ? `- ${f}` : f);
    }
    lines.push('');
  }
  if (options.rows.length > 0) {
    lines.push(formatTable(options.rows, options.labels, format));
    lines.push('');
    lines.push(RATIO_LEGEND);
  }
  const notes = options.notes ?? [];
  if (md && notes.length > 0) lines.push('');
  for (const note of notes) lines.push(md ? `- ${note}` : note);
  return { lines, json };
}

/**
 * Prints `title`, the machine, a blank line, the matrix (if any), the table, the ratio legend
 * and `notes`, a blank line, then `BENCH_JSON {…}` as the last line; returns the JSON object it
 * printed.
 */
export function report(options: ReportOptions): BenchJson {
  const write = options.write ?? ((line: string) => { console.log(line); });
  const { lines, json } = renderReport(options);
  for (const line of lines) write(line);
  write('');
  write(BENCH_JSON_PREFIX + JSON.stringify(json));
  return json;
}
