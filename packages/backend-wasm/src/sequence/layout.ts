/**
 * Which configurations the fused kernels run, and the sizes of a run: the cell family's code,
 * the widths, and the training reserve's planes.
 */
import type { FusedCellConfig, SequenceSpec } from '@rnn/tensor/backend';
import { fusedSequenceAccepts, fusedSequenceLayout } from '@rnn/tensor/kernels';

/** Family codes (assembly/sequence/args.ts has the same table). */
export const FAMILY = { rnnTanh: 0, rnnRelu: 1, lstm: 2, gru: 3, gruResetBefore: 4 } as const;

export type FamilyCode = (typeof FAMILY)[keyof typeof FAMILY];

export function familyCode(cell: FusedCellConfig): FamilyCode {
  switch (cell.kind) {
    case 'rnn':
      return cell.nonlinearity === 'relu' ? FAMILY.rnnRelu : FAMILY.rnnTanh;
    case 'lstm':
      return FAMILY.lstm;
    case 'gru':
      return cell.resetAfter === false ? FAMILY.gruResetBefore : FAMILY.gru;
  }
}

/**
 * The cpu backend's rule (shared: every rnn, lstm and gru configuration it fuses), in float32
 * only — the kernels are f32x4, so float64 takes the composed path.
 */
export function supportsSequence(spec: SequenceSpec): boolean {
  return spec.dtype === 'float32' && fusedSequenceAccepts(spec);
}

/**
 * The reserve, in planes of T·B rows (row t·B + b, the order of x), as the cpu backend lays it
 * out: the gate activations (G·H wide), h before the step, the lstm's c before the step, then one
 * H-wide plane — lstm: c after the step; gru: W_hn h + b_hn (reset after) or r ⊙ h (reset
 * before). Offsets in floats; -1 where the family has no such plane.
 */
export interface ReservePlanes {
  readonly gates: number;
  readonly previousH: number;
  readonly previousC: number;
  readonly extra: number;
  readonly size: number;
}

export interface SequenceLayout {
  readonly family: FamilyCode;
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

export function sequenceLayout(spec: SequenceSpec): SequenceLayout {
  const { cell } = spec;
  // The cpu backend's layout, so every backend keeps the same reserve: lstm and gru add one plane.
  const base = fusedSequenceLayout(spec, cell.kind === 'rnn' ? 0 : 1);
  const { previousStates, extras, size } = base.reserve;
  return {
    family: familyCode(cell),
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
