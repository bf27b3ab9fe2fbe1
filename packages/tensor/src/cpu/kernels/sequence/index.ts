/**
 * The cpu backend's fused whole-sequence kernels (`FusedSequenceOps`) for the rnn, lstm and gru
 * families: the forward and backward drivers are shared, each family contributes its step.
 */
import type {
  DType,
  FusedSequenceBackward,
  FusedSequenceForward,
  FusedSequenceOps,
  Handle,
  SequenceSpec,
  SequenceWeights,
  TensorSpec,
  TypedArray,
} from '../../../backend/types.js';
import { DTypeError } from '../../../errors.js';
import type { FloatArray } from '../matmul.js';
import { sequenceBackward } from './backward.js';
import type { FloatDType } from './dtype.js';
import { sequenceForward } from './forward.js';

export { supportsSequence } from './families.js';

/** How the kernels reach the backend's storage: a tensor's array, and a handle for a new array. */
export interface CpuStorage {
  data(spec: TensorSpec): TypedArray;
  make(array: TypedArray): Handle;
}

function floatDType(dtype: DType): FloatDType {
  if (dtype !== 'float32' && dtype !== 'float64') throw new DTypeError('rnnSequence', [dtype], 'the fused sequence kernels need float32 or float64');
  return dtype;
}

const arraysOf = (weights: SequenceWeights, storage: CpuStorage): Record<string, FloatArray> =>
  Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, storage.data(w) as FloatArray]));

/** What a training forward pass saved for the backward kernel. */
type Saved = Parameters<NonNullable<FusedSequenceOps['rnnSequenceBackward']>>[1];

export function rnnSequenceKernel(
  spec: SequenceSpec,
  x: TensorSpec,
  weights: SequenceWeights,
  initialState: readonly TensorSpec[],
  storage: CpuStorage,
): FusedSequenceForward {
  const data = (t: TensorSpec): FloatArray => storage.data(t) as FloatArray;
  const result = sequenceForward(spec, floatDType(x.dtype), data(x), arraysOf(weights, storage), initialState.map(data));
  return {
    output: storage.make(result.output),
    state: result.state.map((s) => storage.make(s)),
    reserve: result.reserve === null ? null : storage.make(result.reserve),
    reserveSize: result.reserve?.length ?? 0,
  };
}

export function rnnSequenceBackwardKernel(
  spec: SequenceSpec,
  saved: Saved,
  dOutput: TensorSpec | null,
  dState: readonly (TensorSpec | null)[],
  storage: CpuStorage,
): FusedSequenceBackward {
  const data = (t: TensorSpec | null): FloatArray | null => (t === null ? null : (storage.data(t) as FloatArray));
  const grads = sequenceBackward(
    spec,
    floatDType(saved.x.dtype),
    { x: data(saved.x)!, weights: arraysOf(saved.weights, storage), reserve: data(saved.reserve)! },
    data(dOutput),
    dState.map(data),
  );
  return {
    dx: storage.make(grads.dx),
    dInitialState: grads.dInitialState.map((g) => storage.make(g)),
    dWeights: Object.fromEntries(Object.entries(grads.dWeights).map(([name, g]) => [name, storage.make(g)])),
  };
}
