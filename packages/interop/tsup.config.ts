import { packageTsupConfig } from '../../tooling/config/tsup.js';

export default packageTsupConfig();
