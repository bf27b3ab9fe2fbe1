/**
 * Whether this browser can run the WebGPU backend: the option is offered only when an adapter is
 * really there, and otherwise the reason is shown next to it rather than left to a failed run.
 */
export type WebGpuAvailability = { readonly available: true } | { readonly available: false; readonly reason: string };

/** The one piece of `navigator.gpu` needed here (TypeScript's DOM library does not declare it). */
export interface GpuEntryPoint {
  requestAdapter(): Promise<unknown>;
}

export async function probeWebGpu(gpu: GpuEntryPoint | undefined): Promise<WebGpuAvailability> {
  if (gpu === undefined) return { available: false, reason: 'WebGPU: not available in this browser' };
  try {
    return (await gpu.requestAdapter()) === null ? { available: false, reason: 'WebGPU: no adapter' } : { available: true };
  } catch (error) {
    return { available: false, reason: `WebGPU: no adapter (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** `navigator.gpu`, where the browser has it. */
export function navigatorGpu(): GpuEntryPoint | undefined {
  return (navigator as Navigator & { readonly gpu?: GpuEntryPoint }).gpu;
}
