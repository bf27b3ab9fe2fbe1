/** Which cell family runs a configuration, and which configurations the fused kernels accept. */
import type { FusedCellConfig, SequenceSpec } from '../../../backend/types.js';
import type { CellFamily } from './family.js';
import { gruFamily } from './gru.js';
import { lstmFamily } from './lstm.js';
import { rnnFamily } from './rnn.js';

export function familyOf(cell: FusedCellConfig): CellFamily {
  switch (cell.kind) {
    case 'rnn':
      return rnnFamily(cell);
    case 'lstm':
      return lstmFamily(cell);
    case 'gru':
      return gruFamily(cell);
  }
}

/**
 * Every rnn (tanh, relu), lstm (projection, peepholes, cifg, in any combination) and gru (reset
 * after or before), with or without bias, either direction, with or without lengths. Declined,
 * so the composed path runs instead: an option set on a family that has no such option (a
 * peephole gru, a relu lstm…), sizes that are not non-negative integers, and lengths that do
 * not fit the batch or lie outside [0, T].
 */
export function supportsSequence(spec: SequenceSpec): boolean {
  const { cell, steps, batch, inputSize, lengths } = spec;
  const sizes = [cell.hiddenSize, cell.projSize ?? 0, steps, batch, inputSize];
  if (!sizes.every((n) => Number.isInteger(n) && n >= 0)) return false;
  if (lengths !== null && (lengths.length !== batch || !lengths.every((n) => Number.isInteger(n) && n >= 0 && n <= steps))) return false;
  const lstmOnly = (cell.projSize ?? 0) > 0 || cell.peephole === true || cell.cifg === true;
  switch (cell.kind) {
    case 'rnn':
      return !lstmOnly && cell.resetAfter === undefined;
    case 'lstm':
      return cell.nonlinearity === undefined && cell.resetAfter === undefined;
    case 'gru':
      return !lstmOnly && cell.nonlinearity === undefined;
  }
}
