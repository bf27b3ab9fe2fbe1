/**
 * @rnn/bench: the benchmark harness. Time with {@link measure}, build {@link BenchRow}s of ours
 * against a peer measured in the same run, and print them with {@link report}. The recurrent
 * benches share their sizes, cases, FLOP counts and seeded data through recurrent.ts.
 */
export { collectGarbage, cpuMs, machineCpuMs, nowMs, openCpuWindow, otherCoresSince, type CpuWindow } from './clock.js';
export { environment, type Environment } from './environment.js';
export { measure, measureAsync, type MeasureOptions } from './measure.js';
export {
  formatMatrix,
  gflopsOf,
  isMeasured,
  matrixJson,
  measuredCell,
  type FormattedMatrix,
  type JsonMatrix,
  type JsonMatrixCell,
  type Matrix,
  type MatrixCell,
  type MatrixColumn,
  type MatrixRow,
  type MeasuredCell,
  type MissingCell,
} from './matrix.js';
export {
  caseName,
  gatesOf,
  MATMUL_N,
  matmulFlops,
  maxAbsDiff,
  PASS_LABEL,
  PASSES,
  recurrentData,
  recurrentFlops,
  SEED,
  seeded,
  SIZES,
  sizeLabel,
  uniformArray,
  VARIANT_LABEL,
  type Pass,
  type RecurrentData,
  type Size,
  type SizeName,
  type Variant,
} from './recurrent.js';
export { BENCH_JSON_PREFIX, RATIO_LEGEND, renderReport, report, type BenchJson, type JsonRow, type RenderedReport, type ReportOptions } from './report.js';
export { formatGoal, formatNumber, formatQuantity, formatRatio, goalMet, ratioOf, type BenchRow, type Better, type Quantity, type Ratio, type RatioKind } from './row.js';
export { median, parallelism, summarize, type CpuInfo, type Stats } from './stats.js';
export { alignColumns, formatTable, layoutTable, markdownTable, type Align, type TableFormat, type TableLabels } from './table.js';
export { quietTfjsBanner, trainableVariables, type TfjsLayerLike, type TfjsLike } from './tfjs.js';
