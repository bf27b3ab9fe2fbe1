/**
 * `--backend`: which @rnn/tensor backend runs the commands. `cpu` is float32, `cpu-f64` the same
 * backend with float64 weights (the oracle precision); the others are not written yet.
 */
import { createCpuBackend, setBackend, type Backend } from '@rnn/tensor';
import { CliError } from '../errors.js';

export const BACKEND_NAMES = ['cpu', 'cpu-f64', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface SelectedBackend {
  readonly backend: Backend;
  readonly name: BackendName;
  readonly dtype: 'float32' | 'float64';
}

let cpu: Backend | undefined;

/** Makes the named backend current (one cpu backend per process, shared by every command run in it). */
export function selectBackend(name: BackendName): SelectedBackend {
  if (name === 'wasm' || name === 'webgpu') {
    throw new CliError(`the ${name} backend is not implemented yet`, 'use --backend cpu (or cpu-f64)');
  }
  cpu ??= createCpuBackend();
  const backend = cpu;
  setBackend(backend);
  return { backend, name, dtype: name === 'cpu-f64' ? 'float64' : 'float32' };
}
