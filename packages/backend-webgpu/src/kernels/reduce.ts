/** The reduction kernels: sum/max/min over axes and argmax/argmin along one. */
export { reduce } from './reduce/reduce.js';
export { argReduce } from './reduce/arg-reduce.js';
