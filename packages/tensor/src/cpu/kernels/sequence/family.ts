/**
 * The contract between the shared drivers (forward.ts, backward.ts) and a cell family's step
 * math (rnn.ts, lstm.ts, gru.ts).
 *
 * The drivers own everything the families have in common: the input projection of all T·B rows
 * as one product, the order of the recurrence (direction, lengths), committing new states and
 * outputs, saving the previous states in the reserve, and every weight gradient that is one
 * product or sum over all rows after the backward loop. A family owns one step: its recurrent
 * products and its gate equations, forward and backward side by side.
 */
import type { FloatArray } from '../matmul.js';
import { linearInputGradient, view, type MatrixView } from './gemm.js';
import type { SequenceLayout } from './spec.js';
import type { CellWeights } from './weights.js';

export interface ForwardRun {
  readonly layout: SequenceLayout;
  readonly weights: CellWeights;
  /** The order of the recurrence (see `stepRows`). */
  readonly rows: Int32Array;
  /** [T·B, G·H]: x·weight_ihᵀ plus the family's pre-summed bias, row t·B + b. */
  readonly projected: Float64Array;
  /** The states before the step, [B, size] each, in the cell's order. */
  readonly states: readonly Float64Array[];
  /** Where the family writes each running entry's new states; the driver commits them. */
  readonly next: readonly Float64Array[];
  /** The reserve (see `ReserveLayout`), where the family saves its gates and extra planes; null outside training. */
  readonly reserve: FloatArray | null;
}

export interface BackwardRun {
  readonly layout: SequenceLayout;
  readonly weights: CellWeights;
  readonly rows: Int32Array;
  readonly reserve: FloatArray;
  /** dL/d(states after the step), this step's output gradient included, [B, size] each. */
  readonly stateGradients: readonly Float64Array[];
  /** Where the family writes each running entry's dL/d(states before the step); the driver commits them. */
  readonly previousGradients: readonly Float64Array[];
  /**
   * [B, G·H]: where the family writes each running entry's dL/d(projected row), the gradient of
   * the gate pre-activations; the driver copies it into `gateGradients`.
   */
  readonly stepGates: Float64Array;
  /** [T·B, G·H]: every step's `stepGates`, row t·B + b (zero past each length). */
  readonly gateGradients: Float64Array;
}

/**
 * A block of weight_hh rows [first, first + count) whose gradient is one product after the loop:
 * dW = gradientᵀ · operand over all T·B rows, and the matching bias_hh slice is Σ gradient.
 */
export interface RecurrentBlock {
  readonly first: number;
  readonly count: number;
  readonly gradient: MatrixView;
  readonly operand: MatrixView;
}

export interface CellBackward {
  /** Backpropagates one step (the driver runs them from the last to the first). */
  step(step: number): void;
  /** How weight_hh's rows get their gradients. */
  readonly recurrentBlocks: readonly RecurrentBlock[];
  /** Fills the gradients of the weights only this family has (projection, peepholes), where `gradients` has them. */
  ownWeightGradients(gradients: Readonly<Record<string, FloatArray>>): void;
}

export interface CellFamily {
  /** H-wide planes the family adds to the reserve (see `ReserveLayout`). */
  readonly extraPlanes: number;
  /** The bias the driver adds to every projected row (see `projectionBias`). */
  projectionBias(weights: CellWeights, layout: SequenceLayout): Float64Array | null;
  /** Prepares the family's scratch and returns the forward step. */
  forward(run: ForwardRun): (step: number) => void;
  backward(run: BackwardRun): CellBackward;
}

/** All of weight_hh against h_{t−1}: the recurrent gradient when every gate row sees h alike (rnn, lstm). */
export function wholeRecurrentBlock(run: BackwardRun): RecurrentBlock {
  const { gateWidth, outputSize, reserve } = run.layout;
  return {
    first: 0,
    count: gateWidth,
    gradient: view(run.gateGradients, 0, gateWidth),
    operand: view(run.reserve, reserve.previousStates[0]!, outputSize),
  };
}

/** dL/dh_{t−1} = dGates · weight_hh for every entry, into `previousGradients[0]` (rnn, lstm). */
export function backpropagateWholeRecurrence(run: BackwardRun): void {
  const { batch, gateWidth, outputSize } = run.layout;
  linearInputGradient(view(run.stepGates, 0, gateWidth), view(run.weights.recurrent, 0, outputSize), run.previousGradients[0]!, batch, outputSize, gateWidth);
}
