/**
 * `createWebGpuBackend`: finds an adapter (or takes the caller's), requests a device with the
 * adapter's largest storage limits, and assembles the backend. Nothing happens on import.
 */
import { assembleWebGpuBackend, type WebGpuBackend } from './backend.js';
import { WebGpuOptionsError, WebGpuUnavailableError } from './errors.js';
import { findGpu } from './gpu.js';

export interface WebGpuBackendOptions {
  /** An adapter to use instead of requesting one. */
  readonly adapter?: GPUAdapter;
  /** A device to use; the backend then does not destroy it in `destroy()`. */
  readonly device?: GPUDevice;
  /** Passed to `requestAdapter` (default: the browser's choice). */
  readonly powerPreference?: GPUPowerPreference;
  /**
   * Float16 compute with float32 accumulation in the matmul and sequence kernels, where the
   * adapter offers `shader-f16` (tensors stay float32). Throws {@link WebGpuOptionsError} when
   * asked for and unavailable. Default false.
   */
  readonly shaderF16?: boolean;
  /** Bytes of freed buffers kept for reuse (default 256 MiB). */
  readonly maxPooledBytes?: number;
}

/** The limits the backend asks for, up to what the adapter offers. */
const LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxStorageBuffersPerShaderStage'] as const;

/**
 * Creates a WebGPU backend.
 *
 * @example
 * const backend = await createWebGpuBackend();
 * setBackend(backend);
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const { shaderF16 = false, maxPooledBytes = 256 * 1024 * 1024 } = options;
  if (!(maxPooledBytes >= 0)) throw new WebGpuOptionsError(`createWebGpuBackend: maxPooledBytes must be a number ≥ 0, got ${String(maxPooledBytes)}`);
  let keepAlive: unknown = null;
  let device = options.device;
  let adapter = options.adapter ?? null;
  if (device === undefined) {
    if (adapter === null) {
      const entry = await findGpu();
      keepAlive = entry.keepAlive;
      adapter = await entry.gpu.requestAdapter(options.powerPreference === undefined ? {} : { powerPreference: options.powerPreference });
      if (adapter === null) throw new WebGpuUnavailableError('createWebGpuBackend: no WebGPU adapter (no GPU driver; in Node on Linux install a Vulkan driver, e.g. Mesa lavapipe: see the README)');
    }
    if (shaderF16 && !adapter.features.has('shader-f16')) throw new WebGpuOptionsError("createWebGpuBackend: shaderF16 was asked for, but the adapter does not offer 'shader-f16'");
    const requiredLimits: Record<string, number> = {};
    for (const name of LIMITS) requiredLimits[name] = adapter.limits[name];
    device = await adapter.requestDevice({ requiredFeatures: shaderF16 ? ['shader-f16'] : [], requiredLimits });
  } else if (shaderF16 && !device.features.has('shader-f16')) {
    throw new WebGpuOptionsError("createWebGpuBackend: shaderF16 was asked for, but the device was created without 'shader-f16'");
  }
  return assembleWebGpuBackend({ device, adapterInfo: adapter?.info ?? null, ownsDevice: options.device === undefined, keepAlive, shaderF16, maxPooledBytes });
}
