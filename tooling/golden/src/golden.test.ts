// The test suite runs the golden runner over ../shared/golden (recursively: new cases appear
// on their own) in float32 and float64, with the tolerances its README sets.
import { fileURLToPath } from 'node:url';
import { createWasmBackend } from '@rnn/backend-wasm';
import { createCpuBackend, type Backend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { formatResult, runGoldenFolder } from './run-folder.js';

const goldenRoot = fileURLToPath(new URL('../../../../shared/golden', import.meta.url));

const backends: readonly (readonly [string, () => Backend | Promise<Backend>])[] = [
  ['cpu', createCpuBackend],
  ['wasm', () => createWasmBackend()],
];
const cases = backends.flatMap(([name, create]) => (['float32', 'float64'] as const).map((dtype) => [name, dtype, create] as const));

describe.each(cases)('PyTorch golden vectors on %s in %s', async (_name, dtype, create) => {
  const report = runGoldenFolder(goldenRoot, await create(), dtype);

  it('finds the cases', () => {
    expect(report.results.length).toBeGreaterThan(20);
  });

  it.each(report.results.map((r) => [r.file, r] as const))('%s matches forward and every gradient', (_file, result) => {
    expect(result.passed, formatResult(result)).toBe(true);
  });
});
