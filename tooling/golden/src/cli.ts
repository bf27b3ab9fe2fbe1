/**
 * `pnpm golden <dir> [--backend cpu|wasm|webgpu] [--dtype float32|float64]`: runs every rnn-golden/1
 * file below <dir> (in every dtype the backend supports unless --dtype says), prints one line per case and a last line `N passed, N failed`, and exits
 * non-zero on any failure.
 */
import { parseArgs } from 'node:util';
import { createWasmBackend } from '@rnn/backend-wasm';
import { createWebGpuBackend } from '@rnn/backend-webgpu';
import { createCpuBackend, type Backend } from '@rnn/tensor';
import { GOLDEN_TOLERANCES } from './tolerance.js';
import { formatResult, runGoldenFolder } from './run-folder.js';

const isDType = (d: string): d is 'float32' | 'float64' => d === 'float32' || d === 'float64';

const BACKENDS: Readonly<Record<string, () => Backend | Promise<Backend>>> = {
  cpu: createCpuBackend,
  wasm: () => createWasmBackend(),
  webgpu: () => createWebGpuBackend(),
};

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { backend: { type: 'string', default: 'cpu' }, dtype: { type: 'string' } },
    allowPositionals: true,
  });
  const root = positionals[0];
  const makeBackend = BACKENDS[values.backend];
  if (root === undefined || makeBackend === undefined || !(values.dtype === undefined || isDType(values.dtype))) {
    console.error(`usage: golden <dir> [--backend ${Object.keys(BACKENDS).join('|')}] [--dtype float32|float64]`);
    return 2;
  }
  const backend = await makeBackend();
  const dtypes = values.dtype === undefined ? (backend.caps.float64 ? ['float32', 'float64'] : ['float32']) : [values.dtype];
  let [passed, failed] = [0, 0];
  for (const dtype of dtypes.filter(isDType)) {
    const { rtol, atol } = GOLDEN_TOLERANCES[dtype];
    console.log(`${backend.name} ${dtype}: |ours − golden| ≤ ${atol} + ${rtol}·|golden|`);
    const report = await runGoldenFolder(root, backend, dtype);
    for (const r of report.results) console.log(`${dtype} ${formatResult(r)}`);
    passed += report.passed;
    failed += report.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
  backend.destroy();
  return failed === 0 && passed > 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
