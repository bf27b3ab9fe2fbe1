// The fused training kernels: the softmax cross-entropy loss and the optimizer updates.
export { softmaxCrossEntropyF32 } from './softmax-cross-entropy';
export { sgdF32 } from './sgd';
export { adamF32 } from './adam';
export { rmspropF32 } from './rmsprop';
