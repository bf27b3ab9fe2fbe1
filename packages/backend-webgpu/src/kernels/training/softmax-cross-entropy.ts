// PLACEHOLDER: replaced by the fused softmax cross-entropy kernel.
import type { TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../../core/buffer.js';
import type { GpuContext } from '../../core/context.js';

export const softmaxCrossEntropy = (ctx: GpuContext, logits: TensorSpec, targets: TensorSpec, ignoreIndex: number | null, withGradient: boolean): { loss: GpuTensor; gradient: GpuTensor | null } => {
  throw new Error('softmaxCrossEntropy: not written yet');
};
