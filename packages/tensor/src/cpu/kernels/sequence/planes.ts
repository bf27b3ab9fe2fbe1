/**
 * The fused sequence layout as the compiled kernels (wasm, WebGPU) address it: the cpu
 * backend's sizes and reserve (so every backend keeps the same reserve), with the reserve's
 * planes named for the four families instead of listed.
 */
import type { SequenceSpec } from '../../../backend/types.js';
import { sequenceLayout } from './spec.js';

/**
 * The reserve, in planes of T·B rows (row t·B + b, the order of x): the gate activations
 * (G·H wide), h before the step, the lstm's c before the step, then one H-wide plane — lstm: c
 * after the step; gru: W_hn h + b_hn (reset after) or r ⊙ h (reset before). Offsets in
 * elements; -1 where the family has no such plane.
 */
export interface ReservePlanes {
  readonly gates: number;
  readonly previousH: number;
  readonly previousC: number;
  readonly extra: number;
  readonly size: number;
}

export interface SequencePlanes {
  readonly steps: number;
  readonly batch: number;
  readonly inputSize: number;
  /** H: the width of each gate block and of the lstm's cell state. */
  readonly hidden: number;
  /** The width of h and of each output row: projSize for a projected lstm, else H. */
  readonly outputSize: number;
  /** P > 0 for a projected lstm, else 0. */
  readonly projSize: number;
  /** G·H: the rows of weight_ih and weight_hh. */
  readonly gateWidth: number;
  /** T·B. */
  readonly rows: number;
  /** Widths of the states, in the cell's order (h, then the lstm's c). */
  readonly stateSizes: readonly number[];
  readonly reserve: ReservePlanes;
}

export function sequencePlanes(spec: SequenceSpec): SequencePlanes {
  const { cell } = spec;
  // lstm and gru keep one H-wide plane of their own (see ReservePlanes).
  const base = sequenceLayout(spec, cell.kind === 'rnn' ? 0 : 1);
  const { previousStates, extras, size } = base.reserve;
  return {
    steps: base.steps,
    batch: base.batch,
    inputSize: base.inputSize,
    hidden: base.hiddenSize,
    outputSize: base.outputSize,
    projSize: cell.kind === 'lstm' && cell.projSize !== undefined && cell.projSize > 0 ? cell.projSize : 0,
    gateWidth: base.gateWidth,
    rows: base.rows,
    stateSizes: base.stateSizes,
    reserve: { gates: 0, previousH: previousStates[0]!, previousC: previousStates[1] ?? -1, extra: extras[0] ?? -1, size },
  };
}
