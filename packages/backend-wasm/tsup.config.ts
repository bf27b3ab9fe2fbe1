import { packageTsupConfig } from '../../tooling/config/tsup.js';

// `shims` gives the CommonJS build an `import.meta.url`, which locates the shipped wasm/ folder.
export default { ...packageTsupConfig(), shims: true };
