/**
 * The fused forward pass (cuDNN's and onnxruntime's recipe): the input projection of all T·B
 * rows as one product with the biases pre-summed, then per step only the recurrent product and
 * the family's gate math, each new h written straight into the output row it belongs to.
 */
import type { SequenceSpec } from '../../../backend/types.js';
import { allocate } from '../../buffer.js';
import type { FloatArray } from '../matmul.js';
import { copyAs, type FloatDType } from './dtype.js';
import type { ForwardRun } from './family.js';
import { familyOf } from './families.js';
import { linear, view } from './gemm.js';
import { activeSteps, forEachActive, stepRows } from './order.js';
import { sequenceLayout, type SequenceLayout } from './spec.js';
import { readWeights } from './weights.js';

export interface SequenceForwardResult {
  /** [T, B, outputSize]; zero past each entry's length. */
  readonly output: FloatArray;
  /** The final states, [B, size] each. */
  readonly state: FloatArray[];
  /** The training reserve (see `ReserveLayout`), or null. */
  readonly reserve: FloatArray | null;
}

/** x·weight_ihᵀ + bias for every row at once, [T·B, G·H] in float64. */
function projectInputs(layout: SequenceLayout, x: FloatArray, weights: FloatArray, bias: Float64Array | null): Float64Array {
  const { rows, gateWidth, inputSize } = layout;
  const projected = new Float64Array(rows * gateWidth);
  linear(view(x, 0, inputSize), view(weights, 0, inputSize), projected, rows, gateWidth, inputSize);
  if (bias !== null) {
    for (let row = 0; row < rows; row++) {
      for (let j = 0, at = row * gateWidth; j < gateWidth; j++, at++) projected[at]! += bias[j]!;
    }
  }
  return projected;
}

export function sequenceForward(
  spec: SequenceSpec,
  dtype: FloatDType,
  x: FloatArray,
  namedWeights: Readonly<Record<string, FloatArray>>,
  initialState: readonly FloatArray[],
): SequenceForwardResult {
  const family = familyOf(spec.cell);
  const layout = sequenceLayout(spec, family.extraPlanes);
  const { batch, outputSize, stateSizes } = layout;
  const weights = readWeights(spec.cell, namedWeights);
  const rows = stepRows(spec.steps, batch, spec.lengths, spec.reverse);
  const run: ForwardRun = {
    layout,
    weights,
    rows,
    projected: projectInputs(layout, x, weights.input, family.projectionBias(weights, layout)),
    states: initialState.map((s) => Float64Array.from(s)),
    next: stateSizes.map((size) => new Float64Array(batch * size)),
    reserve: spec.training ? allocate(dtype, layout.reserve.size) : null,
  };
  const output = allocate(dtype, layout.rows * outputSize);
  const step = family.forward(run);
  const { states, next, reserve } = run;
  for (let s = 0; s < activeSteps(spec.steps, spec.lengths); s++) {
    if (reserve !== null) {
      forEachActive(rows, batch, s, (b, row) => {
        stateSizes.forEach((size, k) => {
          reserve.set(states[k]!.subarray(b * size, (b + 1) * size), layout.reserve.previousStates[k]! + row * size);
        });
      });
    }
    step(s);
    // Only running entries move on: past its length an entry keeps its state and a zero output.
    forEachActive(rows, batch, s, (b, row) => {
      stateSizes.forEach((size, k) => {
        states[k]!.set(next[k]!.subarray(b * size, (b + 1) * size), b * size);
      });
      output.set(next[0]!.subarray(b * outputSize, (b + 1) * outputSize), row * outputSize);
    });
  }
  return { output, state: states.map((s) => copyAs(dtype, s)), reserve };
}
