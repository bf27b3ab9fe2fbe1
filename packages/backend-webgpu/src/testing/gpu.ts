/**
 * Whether this machine has a WebGPU adapter, found once per test file. Tests that need one skip
 * with the printed reason only when none can be had.
 */
import { createWebGpuBackend, type WebGpuBackendOptions } from '../create.js';
import type { WebGpuBackend } from '../backend.js';

async function probe(): Promise<string | null> {
  try {
    const backend = await createWebGpuBackend();
    console.info(`webgpu tests run on: ${backend.info.adapter.description || backend.info.adapter.vendor || 'an unnamed adapter'}`);
    backend.destroy();
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`webgpu tests skipped: ${reason}`);
    return reason;
  }
}

/** Null when an adapter is available, else why not. */
export const noGpuReason: string | null = await probe();

export const createTestBackend = (options?: WebGpuBackendOptions): Promise<WebGpuBackend> => createWebGpuBackend(options);
