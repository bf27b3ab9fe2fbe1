export { discoverGoldenFiles } from './discover.js';
export { GoldenFormatError, parseGolden, type GoldenCase, type GoldenTensor } from './format.js';
export { runGoldenCase, type CaseCheck, type CaseResult, type RunOptions } from './run-case.js';
export { GOLDEN_TOLERANCES, worstMismatch, type Mismatch, type Tolerance } from './tolerance.js';
export { formatResult, type GoldenResultLine } from './run-folder.js';
