// PLACEHOLDER: replaced by the fused optimizer kernel.
import type { OptimizerStepSpec, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';

export const supportsOptimizerStep = (spec: OptimizerStepSpec): boolean => false;
export const optimizerStep = (ctx: GpuContext, spec: OptimizerStepSpec, params: readonly TensorSpec[], grads: readonly TensorSpec[], slots: readonly (readonly (TensorSpec | null)[])[]): { params: GpuTensor[]; slots: GpuTensor[][] } => {
  throw new Error('optimizerStep: not written yet');
};
