import { packageVitestConfig } from '../../tooling/config/vitest.js';

export default packageVitestConfig();
