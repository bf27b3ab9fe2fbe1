/**
 * Typed errors of the WebGPU backend. Each names the op that failed, so a message from deep in a
 * training loop still says where it came from.
 */
import { RnnError } from '@rnn/tensor';

/** No WebGPU here: no `navigator.gpu`, no `webgpu` package in Node, or no adapter. */
export class WebGpuUnavailableError extends RnnError {
  override name = 'WebGpuUnavailableError';
}

/** An option of `createWebGpuBackend` that cannot be honoured (a feature the adapter lacks…). */
export class WebGpuOptionsError extends RnnError {
  override name = 'WebGpuOptionsError';
}

/**
 * The device was lost (driver reset, `destroy()`, another tab took the GPU). Every later call on
 * the backend throws this; create a new backend to go on — the process need not restart.
 */
export class WebGpuDeviceLostError extends RnnError {
  override name = 'WebGpuDeviceLostError';
  constructor(
    readonly op: string,
    readonly reason: string,
    detail: string,
  ) {
    super(`webgpu ${op}: the device was lost (${reason}: ${detail || 'no message'}); create a new backend to continue`);
  }
}

/** An allocation the device cannot make: larger than its limits, or refused as out of memory. */
export class WebGpuMemoryError extends RnnError {
  override name = 'WebGpuMemoryError';
  constructor(
    readonly op: string,
    readonly bytes: number,
    detail: string,
  ) {
    super(`webgpu ${op}: cannot allocate ${bytes} bytes: ${detail}`);
  }
}

/** The device rejected a command of ours (a validation error): a bug in a kernel, reported with its op. */
export class WebGpuKernelError extends RnnError {
  override name = 'WebGpuKernelError';
  constructor(
    readonly op: string,
    detail: string,
  ) {
    super(`webgpu ${op}: ${detail}`);
  }
}
