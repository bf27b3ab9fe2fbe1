/**
 * @rnn/bench: the benchmark harness. Time with {@link measure}, build {@link BenchRow}s of ours
 * against a peer measured in the same run, and print them with {@link report}.
 */
export { collectGarbage, nowMs } from './clock.js';
export { environment, type Environment } from './environment.js';
export { measure, measureAsync, type MeasureOptions } from './measure.js';
export { BENCH_JSON_PREFIX, RATIO_LEGEND, report, type BenchJson, type JsonRow, type ReportOptions } from './report.js';
export { formatNumber, formatQuantity, formatRatio, ratioOf, type BenchRow, type Better, type Quantity, type Ratio, type RatioKind } from './row.js';
export { median, summarize, type Stats } from './stats.js';
export { alignColumns, formatTable, type Align, type TableLabels } from './table.js';
export { quietTfjsBanner, type TfjsLike } from './tfjs.js';
