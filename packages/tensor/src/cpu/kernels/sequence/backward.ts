/**
 * The fused backward pass. Only dL/dh (and lstm's dL/dc) is sequential: per step the family turns
 * it into gate gradients and backpropagates them through weight_hh. Every weight gradient is
 * then one product or one sum over all T·B rows after the loop: dW_ih = dGatesᵀ·X,
 * dW_hh = dGatesᵀ·H_{t−1}, db = Σ dGates, dx = dGates·W_ih.
 */
import type { SequenceSpec } from '../../../backend/types.js';
import { allocate } from '../../buffer.js';
import type { FloatArray } from '../matmul.js';
import { copyAs, type FloatDType } from './dtype.js';
import type { BackwardRun } from './family.js';
import { familyOf } from './families.js';
import { columnSums, linearInputGradient, linearWeightGradient, view } from './gemm.js';
import { activeSteps, forEachActive, stepRows } from './order.js';
import { sequenceLayout } from './spec.js';
import { readWeights } from './weights.js';

export interface SequenceBackwardResult {
  readonly dx: FloatArray;
  readonly dInitialState: FloatArray[];
  /** One gradient per weight given, by name. */
  readonly dWeights: Record<string, FloatArray>;
}

/** The tensors a training forward pass saved. */
export interface SavedSequence {
  readonly x: FloatArray;
  readonly weights: Readonly<Record<string, FloatArray>>;
  readonly reserve: FloatArray;
}

/** `dOutput` and each `dState[k]` may be null: no gradient reaches them (zero). */
export function sequenceBackward(
  spec: SequenceSpec,
  dtype: FloatDType,
  saved: SavedSequence,
  dOutput: FloatArray | null,
  dState: readonly (FloatArray | null)[],
): SequenceBackwardResult {
  const family = familyOf(spec.cell);
  const layout = sequenceLayout(spec, family.extraPlanes);
  const { batch, inputSize, outputSize, gateWidth, rows: rowCount, stateSizes } = layout;
  const weights = readWeights(spec.cell, saved.weights);
  const rows = stepRows(spec.steps, batch, spec.lengths, spec.reverse);
  const run: BackwardRun = {
    layout,
    weights,
    rows,
    reserve: saved.reserve,
    // The final states' gradients enter at each entry's last valid step: the steps after it
    // are skipped, and a state that stops changing passes its gradient through unchanged.
    stateGradients: stateSizes.map((size, k) => {
      const given = dState[k] ?? null;
      return given === null ? new Float64Array(batch * size) : Float64Array.from(given);
    }),
    previousGradients: stateSizes.map((size) => new Float64Array(batch * size)),
    stepGates: new Float64Array(batch * gateWidth),
    gateGradients: new Float64Array(rowCount * gateWidth),
  };
  const { stateGradients, previousGradients, stepGates, gateGradients } = run;
  const cell = family.backward(run);
  for (let s = activeSteps(spec.steps, spec.lengths) - 1; s >= 0; s--) {
    if (dOutput !== null) {
      const dh = stateGradients[0]!;
      forEachActive(rows, batch, s, (b, row) => {
        for (let j = 0; j < outputSize; j++) dh[b * outputSize + j]! += dOutput[row * outputSize + j]!;
      });
    }
    cell.step(s);
    forEachActive(rows, batch, s, (b, row) => {
      stateSizes.forEach((size, k) => {
        stateGradients[k]!.set(previousGradients[k]!.subarray(b * size, (b + 1) * size), b * size);
      });
      gateGradients.set(stepGates.subarray(b * gateWidth, (b + 1) * gateWidth), row * gateWidth);
    });
  }

  // Every weight gradient is now one product or sum over all T·B rows; the rows an entry never
  // reached hold zero gate gradients, so they add nothing.
  const dGates = view(gateGradients, 0, gateWidth);
  const dx = allocate(dtype, rowCount * inputSize);
  linearInputGradient(dGates, view(weights.input, 0, inputSize), dx, rowCount, inputSize, gateWidth);
  const dWeights: Record<string, FloatArray> = {};
  for (const [name, w] of Object.entries(saved.weights)) dWeights[name] = allocate(dtype, w.length);
  linearWeightGradient(dGates, view(saved.x, 0, inputSize), dWeights.weight_ih!, 0, rowCount, gateWidth, inputSize);
  const dInputBias = dWeights.bias_ih;
  if (dInputBias !== undefined) columnSums(dGates, rowCount, gateWidth, dInputBias, 0);
  const dRecurrentBias = dWeights.bias_hh;
  for (const block of cell.recurrentBlocks) {
    linearWeightGradient(block.gradient, block.operand, dWeights.weight_hh!, block.first * outputSize, rowCount, block.count, outputSize);
    if (dRecurrentBias !== undefined) columnSums(block.gradient, rowCount, block.count, dRecurrentBias, block.first);
  }
  cell.ownWeightGradients(dWeights);
  return { dx, dInitialState: stateGradients.map((g) => copyAs(dtype, g)), dWeights };
}
