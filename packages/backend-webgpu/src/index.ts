/**
 * @rnn/backend-webgpu: a WebGPU backend for @rnn/tensor, in browsers and in Node (Dawn).
 *
 *   const backend = await createWebGpuBackend();
 *   setBackend(backend);
 */
export { createWebGpuBackend, type WebGpuBackendOptions } from './create.js';
export type { WebGpuBackend, WebGpuBackendInfo, WebGpuStats } from './backend.js';
export { WebGpuDeviceLostError, WebGpuKernelError, WebGpuMemoryError, WebGpuOptionsError, WebGpuUnavailableError } from './errors.js';
