// The backend module the browser conformance run bundles into its page (see
// conformance.browser.test.ts): the page's own WebGPU adapter, whatever Chromium offers.
import type { Probe } from '@rnn/backend-conformance';
import { createWebGpuBackend } from '../index.js';

export const createBackend = () => createWebGpuBackend();

/** No adapter in the page skips the run (with this reason); otherwise says which adapter ran it. */
export async function probe(): Promise<Probe> {
  const gpu = (navigator as Partial<Navigator>).gpu;
  if (gpu === undefined) return { unavailable: `no navigator.gpu in ${navigator.userAgent}` };
  const adapter = await gpu.requestAdapter();
  if (adapter === null) return { unavailable: 'navigator.gpu.requestAdapter() returned null' };
  const { vendor, architecture, device, description } = adapter.info;
  return { about: [vendor, architecture, device, description].filter((s) => s !== '').join(' / ') + (adapter.info.isFallbackAdapter ? ' (fallback adapter)' : '') };
}
