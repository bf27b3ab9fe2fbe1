/** Picks the runner for the threads asked for: the pool, or the calling thread alone and why. */
import type { KernelExports } from '../exports.js';
import type { WasmFeatures } from '../features.js';
import type { Heap } from '../heap.js';
import { serialRunner, type KernelRunner } from '../runner.js';
import { createThreadPool } from './pool.js';

export interface RunnerChoice {
  readonly runner: KernelRunner;
  /** Why fewer threads run than were asked for, or null. */
  readonly note: string | null;
}

export interface RunnerParts {
  readonly threads: number;
  readonly features: WasmFeatures;
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Whether the module was instantiated on a shared memory (a `.threads` build). */
  readonly shared: boolean;
  readonly kernels: KernelExports;
  readonly heap: Heap;
}

export async function selectRunner({ threads, features, module, memory, shared, kernels, heap }: RunnerParts): Promise<RunnerChoice> {
  const serial = (why: string | null): RunnerChoice => ({
    runner: serialRunner(kernels),
    note: why === null ? null : `running on 1 thread instead of ${threads}: ${why}`,
  });
  if (threads === 1) return serial(null);
  if (!features.threads) return serial(features.threadsUnavailable ?? 'threads are unavailable');
  if (!shared) return serial('the kernels given import an unshared memory (pass a .threads build, or the folder holding the build)');
  try {
    return { runner: await createThreadPool({ module, memory, kernels, heap, threads }), note: null };
  } catch (cause) {
    // Browsers can refuse workers (a Content-Security-Policy); the kernels still run, on one thread.
    return serial(`the workers did not start: ${(cause as Error).message}`);
  }
}
