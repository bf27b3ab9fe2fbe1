/**
 * @rnn/tensor: tensors, autograd, memory scopes and the pure-TypeScript cpu backend.
 *
 * Nothing runs on import: create a backend and choose it.
 *
 * @example
 * import { createCpuBackend, setBackend, fromArray, matmul } from '@rnn/tensor';
 * setBackend(createCpuBackend());
 * console.log(matmul(fromArray([[1, 2]]), fromArray([[3], [4]])).toString()); // tensor([[11.]])
 */
export type {
  Backend,
  BackendCaps,
  DType,
  DTypeArrays,
  Handle,
  Shape,
  TensorSpec,
  TypedArray,
} from './backend/types.js';

export { Tensor, Variable, type NestedArray } from './tensor.js';
export {
  ArgumentError,
  BackendMismatchError,
  DisposedError,
  DTypeError,
  GradientError,
  HandleLeakError,
  NoBackendError,
  NonFiniteError,
  RnnError,
  ShapeError,
  SyncReadError,
} from './errors.js';

// Backends and the engine
export { createCpuBackend, type CpuBackend } from './cpu/backend.js';
export { assertFinite, getBackend, setBackend, setDebugMode, toBackend } from './engine/backend.js';
export { dispose, keep, numHandles, scope, tidy, type MemoryScope, type TensorContainer } from './engine/memory.js';
export { readAll } from './engine/read-all.js';

// Autograd
export { customGrad, grad, valueAndGrad, variableGrads, type CustomGradContext, type ValueAndGrads } from './autograd/grad.js';
export { gradientMismatches, type GradientCheckOptions } from './autograd/gradient-mismatches.js';
export { variable } from './ops/variable.js';
export { stopGradient } from './ops/stop-gradient.js';

// Creation and randomness
export {
  arange,
  eye,
  fromArray,
  full,
  fullLike,
  ones,
  onesLike,
  scalar,
  zeros,
  zerosLike,
  type CreationOptions,
} from './ops/creation.js';
export { Generator, type GeneratorState } from './random/generator.js';
export { bernoulli, normal, uniform } from './ops/random.js';

// Elementwise
export {
  abs,
  ceil,
  cos,
  exp,
  expm1,
  floor,
  hardSigmoid,
  leakyRelu,
  log,
  log1p,
  neg,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  tanh,
} from './ops/unary.js';
export { add, div, maximum, minimum, mul, pow, sub } from './ops/arithmetic.js';
export {
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  notEqual,
  where,
} from './ops/compare.js';
export { cast } from './ops/cast.js';
export type { Operand } from './ops/operands.js';

// Reductions, matmul, movement, nn
export { argmax, argmin, logSumExp, max, mean, min, sum, type Axes, type ReduceOptions } from './ops/reduce.js';
export { matmul, type MatmulOptions } from './ops/matmul.js';
export { expandDims, flatten, reshape, squeeze } from './ops/reshape.js';
export { concat, pad, permute, reverse, slice, split, stack, transpose, unstack } from './ops/movement.js';
export { gather, oneHot, scatterAdd } from './ops/gather.js';
export { broadcastTo } from './ops/broadcast.js';
export { clip, logSoftmax, softmax } from './ops/nn.js';

// Training: the loss and the optimizer step, fused where the backend can
export { softmaxCrossEntropyWithIndices, type SoftmaxCrossEntropyOptions } from './training/softmax-cross-entropy.js';
export { fusedOptimizerStep, type FusedParameterUpdate, type FusedStepResult } from './training/optimizer-step.js';
export { optimizerSlotNames } from './training/optimizer-rules.js';
export type { AdamRule, OptimizerRule, RmspropRule, SgdRule } from './backend/types.js';

// Sequences
export type { RecurrentCell } from './sequence/cell.js';
export type { FusedCellBinding } from './sequence/fused.js';
export type { FusedCellConfig } from './backend/types.js';
export { rnnSequence, type SequenceOptions, type SequenceResult } from './sequence/rnn-sequence.js';
