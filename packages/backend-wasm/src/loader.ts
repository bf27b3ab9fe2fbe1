/**
 * Finds, compiles and instantiates the kernels module. The build ships one file per feature
 * set (see scripts/build-wasm.mjs); the loader picks the best one the runtime validates, or the
 * module the caller passes. Nothing here runs at import time.
 */
import type { KernelExports } from './exports.js';
import type { WasmFeatures } from './features.js';

/** The build's file names by feature set. */
export type WasmVariant = 'simd' | 'relaxed' | 'simd.threads' | 'relaxed.threads';

/** The shared memory's maximum in pages; the threads builds declare the same (scripts/build-wasm.mjs). */
export const SHARED_MAXIMUM_PAGES = 32768;
const PAGE = 65536;

export class WasmLoadError extends Error {
  override name = 'WasmLoadError';
}

/** Where the kernels come from: a URL of one .wasm file or of the folder holding the build, or its bytes. */
export type WasmSource = URL | string | ArrayBuffer | Uint8Array | WebAssembly.Module;

export function chooseVariant(features: WasmFeatures, threads: boolean): WasmVariant {
  if (!features.simd) throw new WasmLoadError('wasm backend: this runtime has no WebAssembly SIMD (128-bit), which every kernel uses');
  const base = features.relaxedSimd ? 'relaxed' : 'simd';
  return threads ? `${base}.threads` : base;
}

const DEFAULT_FOLDER = (): URL => new URL('../wasm/', import.meta.url);

const isNode = (): boolean => typeof process !== 'undefined' && typeof (process.versions as Partial<NodeJS.ProcessVersions> | undefined)?.node === 'string';

async function fetchBytes(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === 'file:' && isNode()) {
    // A specifier in a variable: browser bundlers (esbuild, Vite, webpack) leave this import
    // alone instead of failing to resolve a Node builtin; it only ever runs in Node.
    const fsModule = 'node:fs/promises';
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as { readFile: (url: URL) => Promise<Uint8Array> };
    try {
      return await readFile(url);
    } catch (cause) {
      throw new WasmLoadError(`wasm backend: cannot read the kernels at ${url.href}: ${(cause as Error).message}`, { cause });
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new WasmLoadError(`wasm backend: fetching the kernels from ${url.href} failed: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** Resolves a source to a compiled module, reading `wasm/rnn.<variant>.wasm` for a folder URL. */
export async function compileKernels(source: WasmSource | undefined, variant: WasmVariant): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  let bytes: ArrayBuffer | Uint8Array;
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) bytes = source;
  else {
    const url = source === undefined ? DEFAULT_FOLDER() : new URL(source, typeof location === 'undefined' ? undefined : location.href);
    bytes = await fetchBytes(url.pathname.endsWith('/') ? new URL(`rnn.${variant}.wasm`, url) : url);
  }
  try {
    return await WebAssembly.compile(bytes as BufferSource);
  } catch (cause) {
    throw new WasmLoadError(`wasm backend: the kernels module does not compile here (${(cause as Error).message}); was it built for features this runtime lacks?`, { cause });
  }
}

/**
 * Instantiates the module on a fresh memory. The JS API does not describe an import's limits,
 * so an unshared memory is tried first and a shared one (for a threads build) when that link
 * fails.
 */
export async function instantiateKernels(
  module: WebAssembly.Module,
  initialBytes: number,
): Promise<{ exports: KernelExports; memory: WebAssembly.Memory; shared: boolean }> {
  if (!WebAssembly.Module.imports(module).some((i) => i.kind === 'memory')) {
    throw new WasmLoadError('wasm backend: the kernels module imports no memory; it was not built by scripts/build-wasm.mjs');
  }
  const initial = Math.ceil(initialBytes / PAGE);
  const attempt = async (shared: boolean): Promise<{ exports: KernelExports; memory: WebAssembly.Memory; shared: boolean }> => {
    const memory = shared ? new WebAssembly.Memory({ initial, maximum: SHARED_MAXIMUM_PAGES, shared: true }) : new WebAssembly.Memory({ initial });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    return { exports: instance.exports as unknown as KernelExports, memory, shared };
  };
  try {
    return await attempt(false);
  } catch (cause) {
    if (!(cause instanceof WebAssembly.LinkError) || typeof SharedArrayBuffer === 'undefined') throw cause;
    return attempt(true);
  }
}
