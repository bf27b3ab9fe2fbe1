// PLACEHOLDER: replaced by the reduction kernels.
import type { ArgReduceOp, ReduceOp, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';

const todo = (name: string): never => { throw new Error(`${name}: not written yet`); };
export const reduce = (ctx: GpuContext, op: ReduceOp, x: TensorSpec, axes: readonly number[]): GpuTensor => todo('reduce');
export const argReduce = (ctx: GpuContext, op: ArgReduceOp, x: TensorSpec, axis: number): GpuTensor => todo('argReduce');
