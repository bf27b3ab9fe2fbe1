/**
 * The wasm backend's fused sequence kernels (`FusedSequenceOps`): float32 runs the SIMD kernels
 * of assembly/sequence, one call per layer direction forward and one per phase backward. float64
 * is declined by `supportsSequence`, so it runs the composed path.
 */
import type { FusedSequenceBackward, FusedSequenceForward, SequenceSpec, SequenceWeights, TensorSpec } from '@rnn/tensor/backend';
import type { KernelExports } from '../exports.js';
import type { KernelRunner } from '../runner.js';
import type { WasmStorage } from '../storage.js';
import { sequenceBackward } from './backward.js';
import type { SavedSequence } from './context.js';
import { sequenceForward } from './forward.js';
import { supportsSequence } from './layout.js';
import { PackedWeights } from './packed-weights.js';

export interface SequenceKernels {
  supportsSequence(spec: SequenceSpec): boolean;
  forward(spec: SequenceSpec, x: TensorSpec, weights: SequenceWeights, initialState: readonly TensorSpec[]): FusedSequenceForward;
  backward(spec: SequenceSpec, saved: SavedSequence, dOutput: TensorSpec | null, dState: readonly (TensorSpec | null)[]): FusedSequenceBackward;
  /** The packed-weight cache (for tests). */
  readonly packs: PackedWeights;
}

export function sequenceKernels(kernels: KernelExports, runner: KernelRunner, storage: WasmStorage): SequenceKernels {
  const packs = new PackedWeights(kernels, storage.heap);
  storage.onRelease((buffer) => {
    packs.release(buffer);
  });
  const ctx = { runner, storage, packs };
  return {
    supportsSequence,
    forward: (spec, x, weights, initialState) => sequenceForward(ctx, spec, x, weights, initialState),
    backward: (spec, saved, dOutput, dState) => sequenceBackward(ctx, spec, saved, dOutput, dState),
    packs,
  };
}
