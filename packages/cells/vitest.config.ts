import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Test against the sibling packages' sources (never a stale dist/), one copy of each.
    alias: [
      { find: /^@rnn\/tensor$/, replacement: source('../tensor/src/index.ts') },
      { find: /^@rnn\/tensor\/backend$/, replacement: source('../tensor/src/backend.ts') },
      { find: /^@rnn\/cells$/, replacement: source('../cells/src/index.ts') },
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
