/**
 * Finding a `GPU`: the browser's `navigator.gpu`, or in Node the `webgpu` package (Dawn).
 *
 * `webgpu` 0.6.x crashes the process on the next `mapAsync` if the object its `create()`
 * returned is garbage-collected while a device lives, so that object travels with the GPU and
 * the backend holds it until `destroy()`.
 */
import { WebGpuUnavailableError } from './errors.js';

export interface GpuEntry {
  readonly gpu: GPU;
  /** Whatever must stay reachable while devices from `gpu` live (Dawn's navigator object). */
  readonly keepAlive: unknown;
}

interface DawnModule {
  create(flags: string[]): GPU;
}

const isNode = typeof process !== 'undefined' && typeof process.versions === 'object' && typeof process.versions.node === 'string';

export async function findGpu(): Promise<GpuEntry> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (gpu !== undefined) return { gpu, keepAlive: null };
  if (!isNode) throw new WebGpuUnavailableError('createWebGpuBackend: this browser has no navigator.gpu (WebGPU is off or unsupported; Chromium needs a secure context, or --enable-unsafe-webgpu on Linux)');
  let dawn: DawnModule;
  try {
    // Named through a variable so bundlers leave this Node-only import alone.
    const name = 'webgpu';
    dawn = (await import(/* @vite-ignore */ name)) as DawnModule;
  } catch (error) {
    throw new WebGpuUnavailableError(
      `createWebGpuBackend: WebGPU in Node needs the 'webgpu' package (npm install webgpu): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const navigator = dawn.create([]);
  return { gpu: navigator, keepAlive: navigator };
}
