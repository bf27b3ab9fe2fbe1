// PLACEHOLDER: replaced by the Philox kernel.
import type { DType, RandomSpec, Shape } from '@rnn/tensor/backend';
import type { GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';

export const random = (ctx: GpuContext, spec: RandomSpec, shape: Shape, dtype: DType): GpuTensor => { throw new Error('random: not written yet'); };
