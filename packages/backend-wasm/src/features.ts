/**
 * Feature probes: tiny modules that validate only where the runtime has the feature (the same
 * probes as the wasm-feature-detect project's). Probing validates, it never instantiates.
 */
import { isNode } from './pool/environment.js';

const SIMD = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];
const RELAXED_SIMD = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11];
const THREADS = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11];

export interface WasmFeatures {
  readonly simd: boolean;
  readonly relaxedSimd: boolean;
  /** Atomics in wasm *and* a usable SharedArrayBuffer (browsers need cross-origin isolation). */
  readonly threads: boolean;
  /** Why threads are unavailable, for the message the backend gives; null when they are. */
  readonly threadsUnavailable: string | null;
}

const validates = (bytes: readonly number[]): boolean => {
  try {
    return WebAssembly.validate(new Uint8Array(bytes));
  } catch {
    return false;
  }
};

function sharedMemoryProblem(): string | null {
  if (!validates(THREADS)) return 'this runtime has no WebAssembly threads (atomics)';
  if (typeof SharedArrayBuffer === 'undefined') {
    return 'SharedArrayBuffer is unavailable (a browser page needs the COOP/COEP headers that make it cross-origin isolated)';
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) return 'the page is not cross-origin isolated (serve it with COOP: same-origin and COEP: require-corp)';
  if (!isNode() && typeof Worker === 'undefined') return 'this runtime has no Web Workers';
  return null;
}

export function probeFeatures(): WasmFeatures {
  const threadsUnavailable = sharedMemoryProblem();
  return { simd: validates(SIMD), relaxedSimd: validates(RELAXED_SIMD), threads: threadsUnavailable === null, threadsUnavailable };
}
