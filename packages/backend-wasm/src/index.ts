/**
 * @rnn/backend-wasm: a WebAssembly SIMD backend for @rnn/tensor.
 *
 *   const backend = await createWasmBackend({ threads: 'auto' });
 *   setBackend(backend);
 */
export { createWasmBackend, WasmOptionsError, type WasmBackendOptions } from './create.js';
export type { WasmBackend, WasmBackendInfo } from './backend.js';
export type { WasmFeatures } from './features.js';
export { HeapError } from './heap.js';
export { WasmLoadError, type WasmSource, type WasmVariant } from './loader.js';
export { WasmThreadError } from './pool/error.js';
