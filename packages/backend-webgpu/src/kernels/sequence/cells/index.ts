/** Which family's program runs a configuration. */
import type { FusedCellConfig } from '@rnn/tensor/backend';
import type { CellProgram } from '../cell-program.js';
import { gruProgram } from './gru.js';
import { lstmProgram } from './lstm.js';
import { rnnProgram } from './rnn.js';

export function cellProgram(cell: FusedCellConfig, training: boolean): CellProgram {
  switch (cell.kind) {
    case 'rnn':
      return rnnProgram(cell, training);
    case 'lstm':
      return lstmProgram(cell, training);
    case 'gru':
      return gruProgram(cell, training);
  }
}
