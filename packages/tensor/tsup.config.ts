import { packageTsupConfig } from '../../tooling/config/tsup.js';

export default packageTsupConfig(['src/index.ts', 'src/backend.ts', 'src/kernels.ts']);
