/** Runs every golden file below a folder and reports one line per case. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Backend } from '@rnn/tensor';
import { discoverGoldenFiles } from './discover.js';
import { parseGolden } from './format.js';
import { runGoldenCase, type CaseResult } from './run-case.js';
import { GOLDEN_TOLERANCES } from './tolerance.js';

export interface FolderReport {
  readonly results: readonly (CaseResult & { readonly file: string; readonly error?: string })[];
  readonly passed: number;
  readonly failed: number;
}

export async function runGoldenFolder(root: string, backend: Backend, dtype: 'float32' | 'float64'): Promise<FolderReport> {
  const tolerance = GOLDEN_TOLERANCES[dtype];
  const results: FolderReport['results'][number][] = [];
  for (const file of discoverGoldenFiles(root)) {
    const shown = relative(root, file) || file;
    try {
      results.push({ file: shown, ...(await runGoldenCase(parseGolden(shown, readFileSync(file, 'utf8')), { backend, dtype, tolerance })) });
    } catch (e) {
      // A case that cannot even run is a failure with its reason, not the end of the run.
      results.push({ file: shown, name: shown, checks: [], passed: false, error: (e as Error).message });
    }
  }
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed };
}

/** What {@link formatResult} reads of a case's result (structural, so bundlers of this package can spell it out). */
export interface GoldenResultLine {
  readonly file: string;
  readonly passed: boolean;
  readonly checks: readonly { readonly what: string; readonly mismatch: { readonly index: number; readonly ours: number; readonly golden: number; readonly ratio: number } | null }[];
  readonly error?: string;
}

/** `PASS torch/lstm_l1.json (17 checks)` or `FAIL …: grad weight_hh_l0[3] 0.12 vs 0.1201 (4.2× tolerance)`. */
export function formatResult(r: GoldenResultLine): string {
  if (r.error !== undefined) return `FAIL ${r.file}: ${r.error}`;
  if (r.passed) return `PASS ${r.file} (${r.checks.length} checks)`;
  const failures = r.checks
    .filter((k) => k.mismatch !== null)
    .map((k) => `${k.what}[${k.mismatch!.index}] ours ${k.mismatch!.ours} vs ${k.mismatch!.golden} (${k.mismatch!.ratio.toPrecision(3)}× tolerance)`);
  return `FAIL ${r.file}: ${failures.join('; ')}`;
}
