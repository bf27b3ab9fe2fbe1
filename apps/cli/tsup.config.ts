import { defineConfig } from 'tsup';

/**
 * ESM for Node 20: the `rnn` executable (its shebang kept) and the programmatic entry.
 * @rnn/golden is private and ships TypeScript sources, so it is bundled in; everything else
 * stays a dependency.
 */
export default defineConfig({
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  noExternal: ['@rnn/golden'],
});
