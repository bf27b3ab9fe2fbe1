/**
 * The wasm backend's fused softmax cross-entropy (`FusedTrainingOps.softmaxCrossEntropy`):
 * float32 only (the backend declines float64, which then runs the composed path on the
 * reference kernels). One kernel call for all rows.
 */
import type { DType, SoftmaxCrossEntropyResult, TensorSpec } from '@rnn/tensor/backend';
import type { KernelExports } from '../exports.js';
import { asBuffer, asHandle, type WasmBuffer, type WasmStorage } from '../storage.js';

export const supportsSoftmaxCrossEntropy = (dtype: DType): boolean => dtype === 'float32';

export function softmaxCrossEntropy(
  kernels: KernelExports,
  storage: WasmStorage,
  logits: TensorSpec,
  targets: TensorSpec,
  ignoreIndex: number | null,
  withGradient: boolean,
): SoftmaxCrossEntropyResult {
  const [rows, classes] = logits.shape as [number, number];
  // Pointers stay valid when the memory grows, so both outputs are allocated before the call.
  const loss = storage.allocate('float32', rows);
  let gradient: WasmBuffer | null = null;
  try {
    if (withGradient) gradient = storage.allocate('float32', rows * classes);
    kernels.softmaxCrossEntropyF32(
      asBuffer(logits.handle).ptr,
      asBuffer(targets.handle).ptr,
      loss.ptr,
      gradient?.ptr ?? 0,
      rows,
      classes,
      ignoreIndex ?? 0,
      ignoreIndex === null ? 0 : 1,
      withGradient ? 1 : 0,
    );
  } catch (error) {
    storage.release(loss);
    if (gradient !== null) storage.release(gradient);
    throw error;
  }
  return { loss: asHandle(loss), gradient: gradient === null ? null : asHandle(gradient) };
}
