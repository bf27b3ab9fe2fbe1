/** Printing results: the table for people, then one `BENCH_JSON {…}` line for machines. */
import { environment, type Environment } from './environment.js';
import { ratioOf, type BenchRow, type Better, type Ratio } from './row.js';
import { formatTable } from './table.js';

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
}

/** What follows `BENCH_JSON ` (one line of JSON). */
export interface BenchJson {
  readonly title: string;
  readonly env: Environment;
  readonly rows: readonly JsonRow[];
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

/**
 * Prints `title`, the machine, a blank line, the table, the ratio legend and `notes`, a blank
 * line, then `BENCH_JSON {…}` as the last line; returns the JSON object it printed.
 */
export function report(options: ReportOptions): BenchJson {
  const write = options.write ?? ((line: string) => { console.log(line); });
  const result: BenchJson = {
    title: options.title,
    env: environment(),
    rows: options.rows.map((row) => ({
      name: row.name,
      better: row.better,
      ours: jsonQuantity(row.ours),
      peer: jsonQuantity(row.peer),
      ratio: ratioOf(row),
      ...(row.note === undefined ? {} : { note: row.note }),
    })),
    ...(options.json === undefined ? {} : { extra: options.json }),
  };
  const { env } = result;
  write(options.title);
  write(`${env.cpu}, ${env.cores} cores, Node ${env.node}, ${env.platform}-${env.arch}, ${env.date}`);
  write('');
  write(formatTable(options.rows, options.labels));
  write('');
  write(RATIO_LEGEND);
  for (const note of options.notes ?? []) write(note);
  write('');
  write(BENCH_JSON_PREFIX + JSON.stringify(result));
  return result;
}
