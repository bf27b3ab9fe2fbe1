/**
 * The backend an example's command line runs on: `wasm` (@rnn/backend-wasm's SIMD kernels, much
 * faster for recurrent training) or `cpu` (@rnn/tensor's plain-JavaScript reference).
 */
import { createWasmBackend } from '@rnn/backend-wasm';
import { createCpuBackend, setBackend } from '@rnn/tensor';

export const BACKEND_KINDS = ['wasm', 'cpu'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** Sets the global backend; `threads` is the wasm kernels' worker count (ignored by cpu). */
export async function useBackend(kind: BackendKind, threads = 1): Promise<string> {
  if (kind === 'cpu') {
    setBackend(createCpuBackend());
    return 'cpu';
  }
  const backend = await createWasmBackend({ threads });
  setBackend(backend);
  return `wasm (${backend.info.variant}, ${backend.info.threads} thread${backend.info.threads === 1 ? '' : 's'})`;
}
