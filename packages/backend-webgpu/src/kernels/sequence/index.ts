// PLACEHOLDER: replaced by the fused sequence kernels.
import type { FusedSequenceBackward, FusedSequenceForward, FusedSequenceOps, SequenceSpec, SequenceWeights, TensorSpec } from '@rnn/tensor/backend';
import type { GpuContext } from '../../core/context.js';

export interface SequenceKernels {
  supports(spec: SequenceSpec): boolean;
  forward(spec: SequenceSpec, x: TensorSpec, weights: SequenceWeights, initialState: readonly TensorSpec[]): FusedSequenceForward;
  backward(...args: Parameters<NonNullable<FusedSequenceOps['rnnSequenceBackward']>>): FusedSequenceBackward;
}

export function sequenceKernels(ctx: GpuContext): SequenceKernels {
  void ctx;
  return {
    supports: () => false,
    forward: () => { throw new Error('rnnSequence: not written yet'); },
    backward: () => { throw new Error('rnnSequenceBackward: not written yet'); },
  };
}
