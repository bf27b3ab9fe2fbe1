/**
 * `createWasmBackend`: probes the runtime, loads the best kernels build, and assembles the
 * backend on a fresh memory. Nothing happens at import time; each call makes an independent
 * backend with its own heap.
 */
import { assembleWasmBackend, type WasmBackend } from './backend.js';
import { probeFeatures } from './features.js';
import { Heap } from './heap.js';
import { chooseVariant, compileKernels, instantiateKernels, type WasmSource } from './loader.js';
import { coreCount } from './pool/environment.js';
import { selectRunner } from './pool/select.js';
import { WasmStorage } from './storage.js';

export interface WasmBackendOptions {
  /**
   * Threads for the kernels: a number, or 'auto' (the machine's cores, at most 8). Needs
   * SharedArrayBuffer (in browsers, a cross-origin isolated page); where it is missing the
   * backend runs on one thread and says why in `info.note`. Default 1.
   */
  readonly threads?: number | 'auto';
  /**
   * The kernels: the URL of a .wasm file, the URL of a folder holding the build's files (ending
   * in '/'), the bytes, or a compiled module. Default: the `wasm/` folder shipped in this package.
   */
  readonly wasm?: WasmSource;
  /** The heap's size at start (default 16 MiB); it grows on demand. */
  readonly initialMemoryBytes?: number;
  /** The heap's limit (default 2 GiB); allocations past it throw a HeapError. */
  readonly maxMemoryBytes?: number;
}

const MIB = 1 << 20;

export class WasmOptionsError extends Error {
  override name = 'WasmOptionsError';
}

async function requestedThreads(threads: number | 'auto' | undefined): Promise<number> {
  if (threads === undefined) return 1;
  // At most 8: past that a job's slices get too thin to repay their wake-ups.
  if (threads === 'auto') return Math.max(1, Math.min(8, await coreCount()));
  if (!Number.isInteger(threads) || threads < 1) throw new WasmOptionsError(`createWasmBackend: threads must be a positive integer or 'auto', got ${String(threads)}`);
  return threads;
}

/**
 * Creates a wasm backend.
 *
 * @example
 * import { createWasmBackend } from '@rnn/backend-wasm';
 * import { Generator, matmul, normal, setBackend } from '@rnn/tensor';
 *
 * const backend = await createWasmBackend();
 * setBackend(backend);
 * const generator = new Generator(0);
 * const y = matmul(normal([64, 128], { generator }), normal([128, 32], { generator }));
 * console.log(y.shape, backend.info.variant); // [64, 32] 'simd' (or 'relaxed')
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const wanted = await requestedThreads(options.threads);
  const features = probeFeatures();
  const variant = chooseVariant(features, wanted > 1 && features.threads);
  const module = await compileKernels(options.wasm, variant);
  const initialBytes = options.initialMemoryBytes ?? 16 * MIB;
  const maxBytes = options.maxMemoryBytes ?? 2048 * MIB;
  const { exports, memory, shared } = await instantiateKernels(module, initialBytes);
  const heap = new Heap(memory, exports.heapBase(), maxBytes);
  const storage = new WasmStorage(memory, heap);
  const { runner, note } = await selectRunner({ threads: wanted, features, module, memory, shared, kernels: exports, heap });
  return assembleWasmBackend({ kernels: exports, runner, storage, info: { variant, threads: runner.threads, features, note }, release: () => undefined });
}
