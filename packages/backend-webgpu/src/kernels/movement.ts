// PLACEHOLDER: replaced by the movement kernels.
import type { Shape, TensorSpec } from '@rnn/tensor/backend';
import type { GpuTensor } from '../core/buffer.js';
import type { GpuContext } from '../core/context.js';

const todo = (name: string): never => { throw new Error(`${name}: not written yet`); };
export const permute = (ctx: GpuContext, x: TensorSpec, perm: readonly number[]): GpuTensor => todo('permute');
export const slice = (ctx: GpuContext, x: TensorSpec, begin: readonly number[], size: readonly number[]): GpuTensor => todo('slice');
export const concat = (ctx: GpuContext, xs: readonly TensorSpec[], axis: number): GpuTensor => todo('concat');
export const reverse = (ctx: GpuContext, x: TensorSpec, axes: readonly number[]): GpuTensor => todo('reverse');
export const gather = (ctx: GpuContext, x: TensorSpec, indices: TensorSpec, axis: number): GpuTensor => todo('gather');
export const scatterAdd = (ctx: GpuContext, indices: TensorSpec, updates: TensorSpec, axis: number, outShape: Shape): GpuTensor => todo('scatterAdd');
