/**
 * Which configurations the fused kernels run, and the sizes of a run: the cell family's code,
 * the widths, and the training reserve's planes.
 */
import type { FusedCellConfig, SequenceSpec } from '@rnn/tensor/backend';
import { fusedSequenceAccepts, fusedSequencePlanes, type SequencePlanes } from '@rnn/tensor/kernels';

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

/** The shared planes plus the family code the kernels switch on. */
export interface SequenceLayout extends SequencePlanes {
  readonly family: FamilyCode;
}

export function sequenceLayout(spec: SequenceSpec): SequenceLayout {
  return { family: familyCode(spec.cell), ...fusedSequencePlanes(spec) };
}
