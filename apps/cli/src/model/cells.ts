/**
 * The `--cell` names and what each builds: the recurrent layer of @rnn/layers and its options.
 * LSTM variants are Greff et al. 2015's ("LSTM: A Search Space Odyssey"), spelled lower-case.
 */
import type { LstmVariant } from '@rnn/cells';

export const CELL_NAMES = [
  'rnn',
  'relu',
  'irnn',
  'jordan',
  'lstm',
  'peephole-lstm',
  'nig',
  'nfg',
  'nog',
  'niaf',
  'noaf',
  'np',
  'cifg',
  'fgr',
  'gru',
  'gru-reset-before',
] as const;

export type CellName = (typeof CELL_NAMES)[number];

/** What a `--cell` name stands for. */
export type CellSpec =
  | { readonly layer: 'RNN'; readonly nonlinearity: 'tanh' | 'relu'; readonly irnn: boolean }
  | { readonly layer: 'Jordan' }
  | { readonly layer: 'LSTM'; readonly variant: LstmVariant; readonly peephole: boolean }
  | { readonly layer: 'GRU'; readonly resetAfter: boolean };

const LSTM_VARIANTS: Readonly<Record<string, LstmVariant>> = {
  lstm: 'vanilla',
  'peephole-lstm': 'vanilla',
  nig: 'NIG',
  nfg: 'NFG',
  nog: 'NOG',
  niaf: 'NIAF',
  noaf: 'NOAF',
  np: 'NP',
  cifg: 'CIFG',
  fgr: 'FGR',
};

/** The layer a `--cell` name builds; `peephole` adds peepholes to any LSTM variant. */
export function cellSpec(name: CellName, { peephole = false } = {}): CellSpec {
  switch (name) {
    case 'rnn':
      return { layer: 'RNN', nonlinearity: 'tanh', irnn: false };
    case 'relu':
      return { layer: 'RNN', nonlinearity: 'relu', irnn: false };
    case 'irnn':
      return { layer: 'RNN', nonlinearity: 'relu', irnn: true };
    case 'jordan':
      return { layer: 'Jordan' };
    case 'gru':
      return { layer: 'GRU', resetAfter: true };
    case 'gru-reset-before':
      return { layer: 'GRU', resetAfter: false };
    default:
      return { layer: 'LSTM', variant: LSTM_VARIANTS[name]!, peephole: peephole || name === 'peephole-lstm' };
  }
}
