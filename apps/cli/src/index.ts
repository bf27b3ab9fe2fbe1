/**
 * @rnn/cli for programmatic use and tests: `main` runs a command line, `createProgram` gives the
 * commander program, and each command is also a function taking its options.
 *
 * @example
 * import { CapturedOutput, main } from '@rnn/cli';
 * const stdout = new CapturedOutput();
 * const code = await main(['node', 'rnn', 'info', 'runs/shakespeare'], { stdout, stderr: stdout, env: {}, onInterrupt: () => () => {} });
 */
export { main } from './main.js';
export { createProgram } from './program.js';
export { CapturedOutput, processIo, type CliIo, type OutputStream } from './io.js';
export { CliError, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, InterruptedError } from './errors.js';
export { train, totalSteps, trainingGenerators, type TrainResult } from './commands/train.js';
export { generate, defaultPrime, type GenerateOptions } from './commands/generate.js';
export { translate, type TranslateCliOptions, type Translation } from './commands/translate.js';
export { evaluateSeq2Seq, type Seq2SeqScores } from './commands/train-seq2seq.js';
export { evaluate, type EvalOptions, type EvalResult } from './commands/eval.js';
export { info, type CheckpointInfo, type Seq2SeqCheckpointInfo } from './commands/info.js';
export { importModel, IMPORT_FORMATS, type ImportFormat, type ImportOptions, type ImportSummary } from './commands/import.js';
export { exportModel, EXPORT_FORMATS, type ExportFormat, type ExportOptions, type ExportSummary } from './commands/export.js';
export type { ParameterRow } from './output/parameter-table.js';
export { golden, type GoldenOptions, type GoldenReport } from './commands/golden.js';
export { bench, type BenchOptions, type BenchResult } from './commands/bench.js';
export { CELL_NAMES, namedCell, type CellName, type NamedCell } from '@rnn/layers';
export { buildLanguageModel } from './model/build-model.js';
export { buildSeq2Seq } from './model/build-seq2seq.js';
export { openAnyCheckpoint, openCheckpoint, openSeq2SeqCheckpoint, type OpenedAnyCheckpoint, type OpenedCheckpoint, type OpenedSeq2SeqCheckpoint } from './model/checkpoint.js';
export { TRAIN_OPTIONS, type RunOptions, type TrainConfig } from './options/train-options.js';
export { resolveTrainOptions, type ResolvedTrainOptions } from './options/resolve-train.js';
