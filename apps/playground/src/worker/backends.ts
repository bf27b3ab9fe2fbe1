/**
 * The backends the worker can train on, made the way a browser allows: wasm with threads only
 * where the page is cross-origin isolated (SharedArrayBuffer), WebGPU only where an adapter
 * exists — a missing one is an error with the reason, never a silent fallback — and plain cpu.
 */
import { createWasmBackend } from '@rnn/backend-wasm';
import { createWebGpuBackend } from '@rnn/backend-webgpu';
import { createCpuBackend, type Backend } from '@rnn/tensor';
import type { BackendReport } from '../protocol/messages.js';
import type { BackendName } from '../settings.js';

export interface CreatedBackend {
  readonly backend: Backend;
  readonly report: BackendReport;
}

/** Makes the named backend; `assets` is the folder holding `wasm/`. Injectable for tests. */
export type CreateBackend = (name: BackendName, assets: string) => Promise<CreatedBackend>;

/** More threads than this rarely repay their wake-ups on the playground's small models. */
export const MAX_WASM_THREADS = 4;
export const NOT_ISOLATED_NOTE = 'SharedArrayBuffer is unavailable (the page is not cross-origin isolated): wasm runs on one thread';

export const createBrowserBackend: CreateBackend = async (name, assets) => {
  switch (name) {
    case 'wasm': {
      const isolated = globalThis.crossOriginIsolated;
      const threads = isolated ? Math.min(navigator.hardwareConcurrency || 1, MAX_WASM_THREADS) : 1;
      const backend = await createWasmBackend({ threads, wasm: new URL('wasm/', assets) });
      const { info } = backend;
      const notes = [...(isolated ? [] : [NOT_ISOLATED_NOTE]), ...(info.note === null ? [] : [info.note])];
      return { backend, report: { name, detail: `wasm ${info.variant}, ${info.threads} thread${info.threads === 1 ? '' : 's'}`, threads: info.threads, notes } };
    }
    case 'webgpu': {
      // Throws WebGpuUnavailableError with the reason (no navigator.gpu, no adapter).
      const backend = await createWebGpuBackend();
      const { description, vendor, architecture } = backend.info.adapter;
      const adapter = description || [vendor, architecture].filter((s) => s !== '').join(' ') || 'an unnamed adapter';
      return { backend, report: { name, detail: `WebGPU on ${adapter}`, threads: 1, notes: [] } };
    }
    case 'cpu':
      return { backend: createCpuBackend(), report: { name, detail: 'cpu (JavaScript, float32)', threads: 1, notes: [] } };
  }
};
