/**
 * The weights of a fused cell as heap buffers, by PyTorch's names and layouts. Picking and
 * checking them (a name the configuration does not define, or a missing one, is an error) is the
 * cpu backend's own code, shared through @rnn/tensor/kernels.
 */
import type { FusedCellConfig, SequenceWeights } from '@rnn/tensor/backend';
import { cellWeightNames, readCellWeights, type CellWeights } from '@rnn/tensor/kernels';
import { asBuffer, type WasmBuffer } from '../storage.js';

export type CellBuffers = CellWeights<WasmBuffer>;

/** Every weight name the configuration defines, in PyTorch's order. */
export const weightNames: (cell: FusedCellConfig) => string[] = cellWeightNames;

export function cellBuffers(cell: FusedCellConfig, weights: SequenceWeights): CellBuffers {
  return readCellWeights(cell, Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, asBuffer(w.handle)])));
}
