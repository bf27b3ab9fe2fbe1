/**
 * Sizes of a fused sequence run and the layout of its training reserve.
 */
import type { SequenceSpec } from '../../../backend/types.js';

/** Gate blocks of H rows in weight_ih / weight_hh: rnn (the activation), lstm (i, f, g, o), gru (r, z, n). */
const GATES = { rnn: 1, lstm: 4, gru: 3 } as const;

/**
 * The reserve keeps, for every (t, b) row (row t·B + b, the same order as x), what the backward
 * pass needs, in planes of T·B rows: the gate activations (G·H wide), each state as it was
 * before the step (h_{t−1}, and c_{t−1} for lstm), then the family's own H-wide planes. Rows an
 * entry never reaches (t ≥ its length) stay zero. Values are element offsets into the reserve.
 */
export interface ReserveLayout {
  readonly gates: number;
  readonly previousStates: readonly number[];
  readonly extras: readonly number[];
  readonly size: number;
}

export interface SequenceLayout {
  /** T, B, I. */
  readonly steps: number;
  readonly batch: number;
  readonly inputSize: number;
  /** H: the width of each gate block and of lstm's cell state. */
  readonly hiddenSize: number;
  /** The size of h, of each output row and of the recurrent input: projSize for a projected lstm, else H. */
  readonly outputSize: number;
  /** G·H: the rows of weight_ih and weight_hh. */
  readonly gateWidth: number;
  /** T·B: x viewed as a [T·B, I] matrix. */
  readonly rows: number;
  /** Feature size of each state, in the cell's order (rnn/gru: h; lstm: h, c). */
  readonly stateSizes: readonly number[];
  readonly reserve: ReserveLayout;
}

/** `extraPlanes`: how many H-wide planes the cell family adds to the reserve. */
export function sequenceLayout(spec: SequenceSpec, extraPlanes: number): SequenceLayout {
  const { cell, steps, batch, inputSize } = spec;
  const hiddenSize = cell.hiddenSize;
  const outputSize = cell.projSize !== undefined && cell.projSize > 0 ? cell.projSize : hiddenSize;
  const gateWidth = GATES[cell.kind] * hiddenSize;
  const rows = steps * batch;
  const stateSizes = cell.kind === 'lstm' ? [outputSize, hiddenSize] : [hiddenSize];
  let size = rows * gateWidth;
  const previousStates = stateSizes.map((width) => {
    const offset = size;
    size += rows * width;
    return offset;
  });
  const extras = Array.from({ length: extraPlanes }, () => {
    const offset = size;
    size += rows * hiddenSize;
    return offset;
  });
  return {
    steps,
    batch,
    inputSize,
    hiddenSize,
    outputSize,
    gateWidth,
    rows,
    stateSizes,
    reserve: { gates: 0, previousStates, extras, size },
  };
}
