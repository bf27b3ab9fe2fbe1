import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Run against @rnn/tensor's sources, as the type-check does (tsconfig paths): never a stale
    // dist/, and one copy of the module for the suite and the backend under test.
    alias: [
      { find: /^@rnn\/tensor$/, replacement: fileURLToPath(new URL('../../packages/tensor/src/index.ts', import.meta.url)) },
      { find: /^@rnn\/tensor\/backend$/, replacement: fileURLToPath(new URL('../../packages/tensor/src/backend.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    // The json report feeds the root test command's closing summary line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
