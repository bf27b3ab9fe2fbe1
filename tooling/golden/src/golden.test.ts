// The test suite runs the golden runner over ../shared/golden (recursively: new cases appear
// on their own) on every backend in every float dtype it supports, with the tolerances its
// README sets. WebGPU runs where an adapter exists (a GPU, or lavapipe from
// tooling/scripts/ensure-webgpu.sh) and says why it skips otherwise.
import { fileURLToPath } from 'node:url';
import { createWasmBackend } from '@rnn/backend-wasm';
import { createWebGpuBackend } from '@rnn/backend-webgpu';
import { createCpuBackend, type Backend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { formatResult, runGoldenFolder } from './run-folder.js';

const goldenRoot = fileURLToPath(new URL('../../../../shared/golden', import.meta.url));

process.env.NODEVICE_SELECT ??= '1';
const webgpu = await createWebGpuBackend().catch((error: unknown) => {
  console.warn(`golden vectors on webgpu skipped: ${error instanceof Error ? error.message : String(error)}`);
  return null;
});

const backends: readonly (readonly [string, Backend])[] = [
  ['cpu', createCpuBackend()],
  ['wasm', await createWasmBackend()],
  ...(webgpu === null ? [] : [['webgpu', webgpu] as const]),
];
const cases = backends.flatMap(([name, backend]) => (['float32', 'float64'] as const).filter((dtype) => dtype === 'float32' || backend.caps.float64).map((dtype) => [name, dtype, backend] as const));

describe.each(cases)('PyTorch golden vectors on %s in %s', async (_name, dtype, backend) => {
  const report = await runGoldenFolder(goldenRoot, backend, dtype);

  it('finds the cases', () => {
    expect(report.results.length).toBeGreaterThan(20);
  });

  it.each(report.results.map((r) => [r.file, r] as const))('%s matches forward and every gradient', (_file, result) => {
    expect(result.passed, formatResult(result)).toBe(true);
  });
});
