// The test suite runs the golden runner over ../shared/golden (recursively: new cases appear
// on their own) in float32 and float64, with the tolerances its README sets.
import { fileURLToPath } from 'node:url';
import { createCpuBackend } from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { formatResult, runGoldenFolder } from './run-folder.js';

const goldenRoot = fileURLToPath(new URL('../../../../shared/golden', import.meta.url));

describe.each(['float32', 'float64'] as const)('PyTorch golden vectors in %s', (dtype) => {
  const report = runGoldenFolder(goldenRoot, createCpuBackend(), dtype);

  it('finds the cases', () => {
    expect(report.results.length).toBeGreaterThan(20);
  });

  it.each(report.results.map((r) => [r.file, r] as const))('%s matches forward and every gradient', (_file, result) => {
    expect(result.passed, formatResult(result)).toBe(true);
  });
});
