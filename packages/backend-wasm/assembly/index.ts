// The module's exports. Every pointer is a byte offset into the imported memory; the JS side
// owns allocation, so this module never allocates and carries no runtime.
export { packA, packB, packedASize, packedBSize, gemmPacked, gemmRowBlocks } from './gemm';

/** The first byte after the module's static data: where the JS allocator may start. */
export function heapBase(): usize {
  return __heap_base;
}
export { binaryF32, unaryF32 } from './elementwise';
export { sequenceForward, sequenceBackward, sequenceWeightGradients } from './sequence/index';
export { softmaxCrossEntropyF32, sgdF32, adamF32, rmspropF32 } from './fused/index';
