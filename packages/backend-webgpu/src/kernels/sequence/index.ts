/**
 * The webgpu backend's fused whole-sequence kernels (`FusedSequenceOps`) for every rnn, lstm and
 * gru configuration the cpu backend fuses, in float32 (float64 is declined: the composed path
 * runs). Each forward or backward call encodes into the one command stream and submits nothing.
 */
import type { FusedSequenceBackward, FusedSequenceForward, FusedSequenceOps, SequenceSpec, SequenceWeights, TensorSpec } from '@rnn/tensor/backend';
import { fusedSequenceAccepts } from '@rnn/tensor/kernels';
import type { GpuContext } from '../../core/context.js';
import { sequenceBackward } from './backward.js';
import { sequenceForward } from './forward.js';

export interface SequenceKernels {
  supports(spec: SequenceSpec): boolean;
  forward(spec: SequenceSpec, x: TensorSpec, weights: SequenceWeights, initialState: readonly TensorSpec[]): FusedSequenceForward;
  backward(...args: Parameters<NonNullable<FusedSequenceOps['rnnSequenceBackward']>>): FusedSequenceBackward;
}

/**
 * float32, and every size positive: an empty batch, sequence, input or state has nothing to
 * fuse, and the composed path handles it without zero-sized dispatches.
 */
export function supportsSequence(spec: SequenceSpec): boolean {
  const positive = [spec.steps, spec.batch, spec.inputSize, spec.cell.hiddenSize].every((n) => n > 0);
  return spec.dtype === 'float32' && positive && fusedSequenceAccepts(spec);
}

export function sequenceKernels(ctx: GpuContext): SequenceKernels {
  return {
    supports: supportsSequence,
    forward: (spec, x, weights, initialState) => sequenceForward(ctx, spec, x, weights, initialState),
    backward: (spec, saved, dOutput, dState) => sequenceBackward(ctx, spec, saved, dOutput, dState),
  };
}
