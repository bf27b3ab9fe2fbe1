/**
 * The cpu backend's fused optimizer step (`FusedTrainingOps.optimizerStep`): every parameter in
 * one call, each updated by its rule's kernel into new arrays. It rounds after every operation
 * as the composed updates do, so it equals them bit for bit in float32 and float64; it is the
 * reference the other backends' fused steps are tested against.
 */
import type { OptimizerStepResult, OptimizerStepSpec, TensorSpec } from '../../../backend/types.js';
import { optimizerSlotNames } from '../../../training/optimizer-rules.js';
import { allocate } from '../../buffer.js';
import type { CpuStorage } from '../sequence/index.js';
import type { FloatArray } from '../matmul.js';
import { adamKernel } from './adam.js';
import { roundingOf, type ParameterArrays } from './arrays.js';
import { rmspropKernel } from './rmsprop.js';
import { sgdKernel } from './sgd.js';

export function optimizerStepKernel(
  spec: OptimizerStepSpec,
  params: readonly TensorSpec[],
  grads: readonly TensorSpec[],
  slots: readonly (readonly (TensorSpec | null)[])[],
  storage: CpuStorage,
): OptimizerStepResult {
  const { rule, dtype } = spec;
  const round = roundingOf(dtype);
  const slotCount = optimizerSlotNames(rule).length;
  const data = (t: TensorSpec | null | undefined): FloatArray | null => (t === null || t === undefined ? null : (storage.data(t) as FloatArray));
  const results = params.map((p, i) => {
    const theta = data(p)!;
    const arrays: ParameterArrays = {
      theta,
      grad: data(grads[i])!,
      slots: Array.from({ length: slotCount }, (_, k) => data(slots[i]?.[k])),
      outTheta: allocate(dtype, theta.length),
      outSlots: Array.from({ length: slotCount }, () => allocate(dtype, theta.length)),
    };
    switch (rule.kind) {
      case 'sgd':
        sgdKernel(rule, round, arrays);
        break;
      case 'adam':
        adamKernel(rule, spec.steps[i]!, round, arrays);
        break;
      case 'rmsprop':
        rmspropKernel(rule, round, arrays);
        break;
    }
    return arrays;
  });
  return {
    params: results.map((a) => storage.make(a.outTheta)),
    slots: results.map((a) => a.outSlots.map((s) => storage.make(s))),
  };
}
