/**
 * How the form names each cell. The ids are @rnn/layers' (`CELL_NAMES`); the labels spell out
 * what a newcomer would otherwise have to look up, Greff et al. 2015's variant acronyms included.
 */
import type { CellName } from '../settings.js';

export const CELL_LABELS: Readonly<Record<CellName, string>> = {
  rnn: 'Elman RNN (tanh)',
  relu: 'Elman RNN (relu)',
  irnn: 'IRNN (Le et al. 2015)',
  jordan: 'Jordan network',
  lstm: 'LSTM',
  'peephole-lstm': 'LSTM with peepholes (Gers & Schmidhuber 2000)',
  nig: 'LSTM, no input gate (NIG)',
  nfg: 'LSTM, no forget gate (NFG)',
  nog: 'LSTM, no output gate (NOG)',
  niaf: 'LSTM, no input activation function (NIAF)',
  noaf: 'LSTM, no output activation function (NOAF)',
  np: 'LSTM, no peepholes (NP)',
  cifg: 'LSTM, coupled input and forget gate (CIFG)',
  fgr: 'LSTM, full gate recurrence (FGR)',
  gru: 'GRU (reset after, PyTorch)',
  'gru-reset-before': 'GRU (reset before, Cho et al.)',
};

const LSTM_VARIANTS: readonly CellName[] = ['nig', 'nfg', 'nog', 'niaf', 'noaf', 'np', 'cifg', 'fgr'];
const LSTM_FAMILY: readonly CellName[] = ['lstm', 'peephole-lstm', ...LSTM_VARIANTS];

/** The cells grouped as the select shows them; every name appears exactly once. */
export const CELL_GROUPS: readonly { readonly label: string; readonly cells: readonly CellName[] }[] = [
  { label: 'Simple recurrent', cells: ['rnn', 'relu', 'irnn', 'jordan'] },
  { label: 'LSTM', cells: ['lstm', 'peephole-lstm'] },
  { label: 'LSTM variants (Greff et al. 2015)', cells: LSTM_VARIANTS },
  { label: 'GRU', cells: ['gru', 'gru-reset-before'] },
];

/** Cells with memory blocks (several cells sharing gates): only these take a block size above 1. */
export function isLstmFamily(cell: CellName): boolean {
  return LSTM_FAMILY.includes(cell);
}
