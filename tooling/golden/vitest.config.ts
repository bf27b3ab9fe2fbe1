import { packageVitestConfig } from '../config/vitest.js';

// Runs against the built packages, as the `pnpm golden` command does.
export default packageVitestConfig({ testTimeout: 120_000 });
