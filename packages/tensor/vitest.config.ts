import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests (and the shared conformance suite in tooling/backend-conformance, which imports
    // '@rnn/tensor') run against this package's sources, never a stale dist/, and share ONE
    // copy of the module: Tensor, the engine state and the error classes must be identical.
    alias: [
      { find: /^@rnn\/tensor$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^@rnn\/tensor\/backend$/, replacement: fileURLToPath(new URL('./src/backend.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
