export { clipGradNorm, type ClippedGrads } from './clip-grad-norm.js';
export { clipGradValue } from './clip-grad-value.js';
export { globalNorm, readGlobalNorm } from './global-norm.js';
