/**
 * `rnn golden <dir>`: the golden runner of @rnn/golden (bundled into the CLI) — every
 * rnn-golden/1 file below <dir>, forward and every gradient against PyTorch's numbers.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { discoverGoldenFiles, formatResult, GOLDEN_TOLERANCES, parseGolden, runGoldenCase } from '@rnn/golden';
import { Option, type Command } from 'commander';
import { CliError, fileError } from '../errors.js';
import type { CliIo } from '../io.js';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../options/backend.js';
import { choice } from '../options/parsers.js';
import { jsonLine } from '../output/json-lines.js';

const DTYPES = ['float32', 'float64'] as const;

export interface GoldenOptions {
  readonly dtype?: (typeof DTYPES)[number];
  readonly backend: BackendName;
  readonly json?: boolean;
}

/**
 * One case's result: @rnn/golden's `CaseResult` with where it came from. Spelled out rather
 * than extended because @rnn/golden is private and bundled in, so the published types cannot
 * import it.
 */
export interface GoldenCaseReport {
  readonly file: string;
  readonly dtype: string;
  readonly name: string;
  readonly passed: boolean;
  /** Each output and gradient compared; `mismatch` is its worst element past the tolerance. */
  readonly checks: readonly { readonly what: string; readonly mismatch: { readonly index: number; readonly ours: number; readonly golden: number; readonly ratio: number } | null }[];
  /** Why the case could not run at all. */
  readonly error?: string;
}

export interface GoldenReport {
  readonly results: readonly GoldenCaseReport[];
  readonly passed: number;
  readonly failed: number;
}

/** `PASS torch/lstm_l1.json (17 checks)`, or `FAIL …` with the worst element of each failing check. */
export function formatGoldenResult(r: GoldenCaseReport): string {
  return formatResult(r);
}

/** Runs every case in both dtypes (or the one asked for); exits non-zero on any failure or no case. */
export async function golden(root: string, options: GoldenOptions, io: CliIo): Promise<GoldenReport> {
  try {
    statSync(root);
  } catch (e) {
    throw fileError('golden folder', root, e, 'give the folder of rnn-golden/1 files, e.g. ../shared/golden');
  }
  const { backend } = await selectBackend(options.backend);
  const files = discoverGoldenFiles(root);
  const results: GoldenCaseReport[] = [];
  if (options.dtype === 'float64' && !backend.caps.float64) throw new CliError(`the ${backend.name} backend has no float64`, 'run --dtype float32, or another --backend');
  // Every dtype the backend computes in, unless one is asked for.
  for (const dtype of options.dtype === undefined ? DTYPES.filter((d) => d === 'float32' || backend.caps.float64) : [options.dtype]) {
    const tolerance = GOLDEN_TOLERANCES[dtype];
    if (options.json !== true) io.stdout.write(`${backend.name} ${dtype}: |ours − golden| ≤ ${tolerance.atol} + ${tolerance.rtol}·|golden|\n`);
    for (const path of files) {
      const file = relative(root, path) || path;
      let result: GoldenCaseReport;
      try {
        result = { file, dtype, ...(await runGoldenCase(parseGolden(file, readFileSync(path, 'utf8')), { backend, dtype, tolerance })) };
      } catch (e) {
        // A case that cannot even run is a failure with its reason, not the end of the run.
        result = { file, dtype, name: file, checks: [], passed: false, error: (e as Error).message };
      }
      results.push(result);
      io.stdout.write(options.json === true ? jsonLine('golden', { file, dtype, passed: result.passed, checks: result.checks.length, line: formatGoldenResult(result) }) : `${dtype} ${formatGoldenResult(result)}\n`);
    }
  }
  const passed = results.filter((r) => r.passed).length;
  const report = { results, passed, failed: results.length - passed };
  io.stdout.write(options.json === true ? jsonLine('summary', { passed, failed: report.failed }) : `${passed} passed, ${report.failed} failed\n`);
  if (files.length === 0) throw new CliError(`no golden files (*.json) below '${root}'`, 'give the folder of rnn-golden/1 files, e.g. ../shared/golden');
  if (report.failed > 0) throw new CliError(`${report.failed} golden case${report.failed === 1 ? '' : 's'} failed`);
  return report;
}

export function goldenCommand(program: Command, io: CliIo): Command {
  return program
    .command('golden')
    .description("check the layers against PyTorch's golden vectors (rnn-golden/1 files)")
    .argument('<dir>', 'folder of golden files, searched recursively')
    .addOption(new Option('--dtype <dtype>', 'float32 or float64 (default: both)').argParser(choice(DTYPES)))
    .addOption(new Option('--backend <name>', BACKEND_NAMES.join(', ')).argParser(choice(BACKEND_NAMES)).default('cpu'))
    .option('--json', 'JSON lines: one per case and a summary')
    .addHelpText('after', '\nExample:\n  rnn golden ../shared/golden --dtype float64')
    .action(async (dir: string, options: GoldenOptions) => {
      await golden(dir, options, io);
    });
}
