/**
 * `@rnn/tensor/kernels`: the cpu backend's kernels over typed arrays, each writing into an
 * output array the caller provides. A backend whose storage can be viewed as typed arrays (the
 * wasm backend's heap) runs them on views, without copies, for the ops it has no faster kernel
 * for — one implementation of each op's semantics (broadcasting, rounding, index rules) for all.
 */
export { unaryKernel } from './cpu/kernels/unary.js';
export { binaryKernel } from './cpu/kernels/binary.js';
export { compareKernel } from './cpu/kernels/compare.js';
export { whereKernel } from './cpu/kernels/where.js';
export { castKernel } from './cpu/kernels/cast.js';
export { reduceKernel, argReduceKernel } from './cpu/kernels/reduce.js';
export { permuteKernel } from './cpu/kernels/permute.js';
export { sliceKernel } from './cpu/kernels/slice.js';
export { concatKernel } from './cpu/kernels/concat.js';
export { reverseKernel } from './cpu/kernels/reverse.js';
export { gatherKernel, scatterAddKernel } from './cpu/kernels/gather.js';
export { randomKernel } from './cpu/kernels/random.js';
export { batchedMatmul, forEachMatmulEntry } from './cpu/kernels/batched-matmul.js';
export type { FloatArray } from './cpu/kernels/matmul.js';
export {
  adamScalars,
  optimizerSlotNames,
  rmspropScalars,
  sgdScalars,
  type AdamScalars,
  type RmspropScalars,
  type SgdScalars,
} from './training/optimizer-rules.js';
export { allocate } from './cpu/buffer.js';
export { sizeOf, stridesOf } from './shape.js';
export { readWeights as readCellWeights, weightNames as cellWeightNames, type CellWeights } from './cpu/kernels/sequence/weights.js';
export { supportsSequence as fusedSequenceAccepts } from './cpu/kernels/sequence/families.js';
export { sequencePlanes as fusedSequencePlanes, type ReservePlanes, type SequencePlanes } from './cpu/kernels/sequence/planes.js';
