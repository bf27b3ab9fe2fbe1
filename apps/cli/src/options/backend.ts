/**
 * `--backend`: which @rnn/tensor backend runs the commands. `cpu` is float32, `cpu-f64` the same
 * backend with float64 weights (the oracle precision), `wasm` the WebAssembly SIMD backend
 * (float32; `--threads` sets its worker threads), `webgpu` the WebGPU backend through Dawn (float32;
 * a GPU, or a software Vulkan driver such as Mesa's lavapipe).
 */
import { createWasmBackend } from '@rnn/backend-wasm';
import { createWebGpuBackend, WebGpuUnavailableError, type WebGpuBackend } from '@rnn/backend-webgpu';
import { createCpuBackend, setBackend, type Backend } from '@rnn/tensor';
import { CliError } from '../errors.js';

export const BACKEND_NAMES = ['cpu', 'cpu-f64', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Worker threads for the wasm backend: a count, or 'auto' (one per core, at most 8). */
export type ThreadCount = number | 'auto';

export interface SelectedBackend {
  readonly backend: Backend;
  readonly name: BackendName;
  readonly dtype: 'float32' | 'float64';
  /** A line to show the user (why fewer threads run than asked), or null. */
  readonly note: string | null;
}

// One backend of each kind per process, shared by every command run in it.
let cpu: Backend | undefined;
const wasm = new Map<string, Promise<Awaited<ReturnType<typeof createWasmBackend>>>>();
let webgpu: Promise<WebGpuBackend> | undefined;

async function createWebGpu(): Promise<WebGpuBackend> {
  // Mesa's device-select layer prints a warning per process otherwise.
  process.env.NODEVICE_SELECT ??= '1';
  try {
    return await createWebGpuBackend();
  } catch (error) {
    if (error instanceof WebGpuUnavailableError) {
      throw new CliError(error.message, 'install a GPU driver or a software Vulkan driver (Debian: tooling/scripts/ensure-webgpu.sh installs Mesa lavapipe), or use --backend wasm');
    }
    throw error;
  }
}

/** Makes the named backend current. */
export async function selectBackend(name: BackendName, threads: ThreadCount = 'auto'): Promise<SelectedBackend> {
  if (name === 'webgpu') {
    webgpu ??= createWebGpu();
    const backend = await webgpu.catch((error: unknown) => {
      webgpu = undefined;
      throw error;
    });
    setBackend(backend);
    const { description, vendor } = backend.info.adapter;
    return { backend, name, dtype: 'float32', note: `WebGPU adapter: ${description || vendor || 'unnamed'}` };
  }
  if (name === 'wasm') {
    const key = String(threads);
    let created = wasm.get(key);
    if (created === undefined) wasm.set(key, (created = createWasmBackend({ threads })));
    const backend = await created;
    setBackend(backend);
    return { backend, name, dtype: 'float32', note: backend.info.note };
  }
  cpu ??= createCpuBackend();
  setBackend(cpu);
  return { backend: cpu, name, dtype: name === 'cpu-f64' ? 'float64' : 'float32', note: null };
}
