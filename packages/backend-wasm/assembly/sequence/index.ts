// The fused sequence kernels: the forward pass and the two phases of the backward pass, each a
// parallel kernel (args, begin, end) over its independent work items (see src/runner.ts).
export { sequenceForward } from './forward';
export { sequenceBackward } from './backward';
export { sequenceWeightGradients } from './gradients';
