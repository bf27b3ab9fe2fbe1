export { binaryCrossEntropyWithLogits, type BinaryCrossEntropyOptions } from './binary-cross-entropy.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { mseLoss, type MseLossOptions } from './mse-loss.js';
export { reduceLoss, type Reduction } from './reduction.js';
export { sequenceMask, type SequenceMaskOptions } from './sequence-mask.js';
export { sequenceCrossEntropy, type SequenceCrossEntropyOptions } from './sequence-cross-entropy.js';
export type { SequenceLayout } from './sequence-checks.js';
