/** The elementwise kernels; each lives in `elementwise/` and shares its `mapElements` driver. */
export { unary } from './elementwise/unary.js';
export { binary, compare } from './elementwise/binary.js';
export { where } from './elementwise/where.js';
export { cast } from './elementwise/cast.js';
