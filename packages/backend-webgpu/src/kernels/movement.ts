/** The movement kernels: strided views (permute, slice, reverse, concat), gather and its adjoint. */
export { concat, permute, reverse, slice } from './movement/views.js';
export { gather } from './movement/gather.js';
export { scatterAdd } from './movement/scatter-add.js';
