/**
 * The vitest config every package uses: tests beside the sources, a JSON report that the root
 * test command sums into its closing line, and — for packages that test against sibling
 * packages — aliases to those packages' sources, so tests never see a stale dist/ and share one
 * copy of each module.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const root = new URL('../../', import.meta.url);

/** Workspace packages by name → their source entry, relative to the repository root. */
const SOURCES: Readonly<Record<string, string>> = {
  '@rnn/tensor': 'packages/tensor/src/index.ts',
  '@rnn/tensor/backend': 'packages/tensor/src/backend.ts',
  '@rnn/tensor/kernels': 'packages/tensor/src/kernels.ts',
  '@rnn/cells': 'packages/cells/src/index.ts',
  '@rnn/layers': 'packages/layers/src/index.ts',
  '@rnn/interop': 'packages/interop/src/index.ts',
  '@rnn/train': 'packages/train/src/index.ts',
};

export function packageVitestConfig({ aliases = [] as readonly string[], testTimeout = 60_000 } = {}): ViteUserConfig {
  return defineConfig({
    resolve: {
      alias: aliases.map((name) => ({
        find: new RegExp(`^${name.replace('/', '\\/')}$`),
        replacement: fileURLToPath(new URL(SOURCES[name] ?? name, root)),
      })),
    },
    test: {
      include: ['src/**/*.test.ts'],
      testTimeout,
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest-report.json' },
    },
  });
}
