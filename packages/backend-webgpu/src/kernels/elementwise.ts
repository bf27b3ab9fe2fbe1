// PLACEHOLDER: replaced by the elementwise kernels.
import type { BinaryOp, CompareOp, DType, Shape, TensorSpec, UnaryOp } from '@rnn/tensor/backend';
import type { GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';

const todo = (name: string): never => { throw new Error(`${name}: not written yet`); };
export const unary = (ctx: GpuContext, op: UnaryOp, x: TensorSpec): GpuTensor => todo('unary');
export const binary = (ctx: GpuContext, op: BinaryOp, a: TensorSpec, b: TensorSpec, outShape: Shape): GpuTensor => todo('binary');
export const compare = (ctx: GpuContext, op: CompareOp, a: TensorSpec, b: TensorSpec, outShape: Shape): GpuTensor => todo('compare');
export const where = (ctx: GpuContext, cond: TensorSpec, a: TensorSpec, b: TensorSpec, outShape: Shape): GpuTensor => todo('where');
export const cast = (ctx: GpuContext, x: TensorSpec, dtype: DType): GpuTensor => todo('cast');
