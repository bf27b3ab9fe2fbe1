/**
 * `pnpm golden <dir> [--backend cpu|wasm] [--dtype float32|float64]`: runs every rnn-golden/1 file
 * below <dir>, prints one line per case and a last line `N passed, N failed`, and exits
 * non-zero on any failure.
 */
import { parseArgs } from 'node:util';
import { createWasmBackend } from '@rnn/backend-wasm';
import { createCpuBackend, type Backend } from '@rnn/tensor';
import { GOLDEN_TOLERANCES } from './tolerance.js';
import { formatResult, runGoldenFolder } from './run-folder.js';

const isDType = (d: string): d is 'float32' | 'float64' => d === 'float32' || d === 'float64';

const BACKENDS: Readonly<Record<string, () => Backend | Promise<Backend>>> = { cpu: createCpuBackend, wasm: () => createWasmBackend() };

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { backend: { type: 'string', default: 'cpu' }, dtype: { type: 'string' } },
    allowPositionals: true,
  });
  const root = positionals[0];
  const makeBackend = BACKENDS[values.backend];
  const dtypes = values.dtype === undefined ? ['float32', 'float64'] : [values.dtype];
  if (root === undefined || makeBackend === undefined || !dtypes.every(isDType)) {
    console.error(`usage: golden <dir> [--backend ${Object.keys(BACKENDS).join('|')}] [--dtype float32|float64]`);
    return 2;
  }
  const backend = await makeBackend();
  let [passed, failed] = [0, 0];
  for (const dtype of dtypes.filter(isDType)) {
    const { rtol, atol } = GOLDEN_TOLERANCES[dtype];
    console.log(`${backend.name} ${dtype}: |ours − golden| ≤ ${atol} + ${rtol}·|golden|`);
    const report = runGoldenFolder(root, backend, dtype);
    for (const r of report.results) console.log(`${dtype} ${formatResult(r)}`);
    passed += report.passed;
    failed += report.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
