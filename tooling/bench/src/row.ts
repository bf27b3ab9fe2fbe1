/** One line of a benchmark: a case measured for us and for a peer, and the ratio between them. */
import type { Stats } from './stats.js';

/** A measured value with its unit, e.g. `{ value: 2.4, unit: 'GFLOP/s' }`. */
export interface Quantity {
  readonly value: number;
  readonly unit: string;
  /** The timings it came from: the table shows `runs`, the JSON line carries them all. */
  readonly stats?: Stats;
}

/**
 * Which direction is better: `'higher'` for throughput (GFLOP/s, items/s), `'lower'` for time
 * (ms, µs per op).
 */
export type Better = 'higher' | 'lower';

export interface BenchRow {
  /** The case, e.g. `matmul f32 512`. */
  readonly name: string;
  /** Our number; `null` when we do not run this case. */
  readonly ours: Quantity | null;
  /** The peer's number, measured in the same process run; `null` when the peer has no such case. */
  readonly peer: Quantity | null;
  readonly better: Better;
  /** A short remark shown in the last column. */
  readonly note?: string;
  /**
   * The ratio this row should reach (oriented like the ratio: above 1 means ours must be
   * better by that factor; 0.5 means "within 2× of the peer"). The table then shows whether it
   * was met; nothing asserts on it.
   */
  readonly goal?: number;
}

/** How a ratio was formed: always so that a value above 1 means we are better. */
export type RatioKind = 'ours/peer' | 'peer/ours';

export interface Ratio {
  /** Above 1: we are better (faster); below 1: the peer is. */
  readonly value: number;
  readonly kind: RatioKind;
}

/**
 * The ratio for a row, oriented so that above 1 means we are better: `ours/peer` when higher is
 * better (throughput), `peer/ours` when lower is better (time). `null` when either side is
 * missing. Throws if the two sides have different units (a bug in the bench).
 */
export function ratioOf(row: BenchRow): Ratio | null {
  const { ours, peer } = row;
  if (ours === null || peer === null) return null;
  if (ours.unit !== peer.unit) throw new Error(`bench row "${row.name}": ours is in ${ours.unit} but peer in ${peer.unit}`);
  return row.better === 'higher'
    ? { value: ours.value / peer.value, kind: 'ours/peer' }
    : { value: peer.value / ours.value, kind: 'peer/ours' };
}

/** Whether the row's ratio reaches its goal; null when the row has no goal or no ratio. */
export function goalMet(row: BenchRow): boolean | null {
  const ratio = ratioOf(row);
  return row.goal === undefined || ratio === null ? null : ratio.value >= row.goal;
}

/**
 * `≥ 1.50×: met`, `≥ 20.0×: missed`, `≥ 1.50×: not measured`; empty without a goal. When the
 * ratio column's two decimals would read as the goal itself, the exact ratio is added
 * (`≥ 1.50×: missed (1.497×)`).
 */
export function formatGoal(row: BenchRow): string {
  if (row.goal === undefined) return '';
  const met = goalMet(row);
  const ratio = ratioOf(row);
  const target = `≥ ${row.goal >= 10 ? row.goal.toFixed(1) : row.goal.toFixed(2)}×`;
  const close = ratio !== null && ratio.value.toFixed(2) === row.goal.toFixed(2) ? ` (${ratio.value.toFixed(3)}×)` : '';
  return `${target}: ${met === null ? 'not measured' : met ? 'met' : 'missed'}${close}`;
}

/** About three significant digits, never in exponent form: 1234, 123, 12.3, 1.23, 0.123, 0.0123. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a >= 100 || a === 0) return value.toFixed(0);
  if (a >= 10) return value.toFixed(1);
  if (a >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** `1.23 GFLOP/s`; `—` for a missing quantity. */
export function formatQuantity(q: Quantity | null): string {
  return q === null ? '—' : `${formatNumber(q.value)} ${q.unit}`;
}

/** `1.54× ours/peer`; `—` when there is no ratio. */
export function formatRatio(r: Ratio | null): string {
  return r === null ? '—' : `${r.value.toFixed(2)}× ${r.kind}`;
}
