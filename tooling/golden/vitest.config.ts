import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    // The json report feeds the root test command's closing summary line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
