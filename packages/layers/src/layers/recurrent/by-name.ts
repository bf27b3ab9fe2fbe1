/**
 * Recurrent layers by name, for command lines and settings forms: `'gru'`, `'irnn'`, `'cifg'`.
 * LSTM variants are Greff et al. 2015's ("LSTM: A Search Space Odyssey"), spelled lower-case.
 */
import { ArgumentError } from '@rnn/tensor';
import type { LstmVariant } from '@rnn/cells';
import { Jordan } from './jordan-layer.js';
import type { SequenceLayerOptions } from './layer-config.js';
import { GRU, LSTM, RNN } from './pytorch-layers.js';
import type { Recurrent } from './recurrent.js';

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

/** What a cell name stands for: the layer class and the options that name fixes. */
export type NamedCell =
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

export function isCellName(value: string): value is CellName {
  return (CELL_NAMES as readonly string[]).includes(value);
}

// Names may come from a command line or a form as plain strings, past the type checker.
function checkName(op: string, name: string): void {
  if (!isCellName(name)) throw new ArgumentError(op, 'name', `'${name}' is not a cell name; use one of ${CELL_NAMES.join(', ')}`);
}

/**
 * The layer a cell name builds: `irnn` is Le et al. 2015's initialisation (relu, W_hh = I),
 * `gru` resets after the recurrent matmul as PyTorch does, `gru-reset-before` as Cho et al.
 * 2014; `peephole` adds peepholes to any LSTM variant.
 */
export function namedCell(name: CellName, { peephole = false }: { readonly peephole?: boolean } = {}): NamedCell {
  checkName('namedCell', name);
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

export interface NamedRecurrentOptions extends SequenceLayerOptions {
  /** LSTM cells only: peephole connections (Gers et al. 2002). */
  readonly peephole?: boolean;
  /** LSTM cells only: PyTorch's `proj_size` (0: none). */
  readonly projSize?: number;
  /** LSTM cells only: cells per memory block (default 1). */
  readonly blockSize?: number;
}

/**
 * The LSTM-only options set to something other than their no-op value. The no-op values
 * (peephole false, projSize 0, blockSize 1) pass for every cell, so a form can always send them.
 */
function lstmOnlyOptions({ peephole, projSize, blockSize }: NamedRecurrentOptions): string[] {
  return [
    ...(peephole === true ? ['peephole'] : []),
    ...(projSize !== undefined && projSize !== 0 ? ['projSize'] : []),
    ...(blockSize !== undefined && blockSize !== 1 ? ['blockSize'] : []),
  ];
}

/** The recurrent layer a cell name stands for (RNN, Jordan, LSTM with its variant, GRU). */
export function recurrentLayer(name: CellName, options: NamedRecurrentOptions): Recurrent {
  checkName('recurrentLayer', name);
  const { peephole, projSize, blockSize, ...shared } = options;
  const cell = namedCell(name, { peephole });
  if (cell.layer !== 'LSTM') {
    const [misplaced] = lstmOnlyOptions(options);
    if (misplaced !== undefined) throw new ArgumentError('recurrentLayer', misplaced, `applies to LSTM cells only, not '${name}'`);
  }
  switch (cell.layer) {
    case 'RNN':
      return new RNN({ ...shared, nonlinearity: cell.nonlinearity, irnn: cell.irnn });
    case 'Jordan':
      return new Jordan(shared);
    case 'LSTM':
      return new LSTM({ ...shared, variant: cell.variant, peephole: cell.peephole, projSize, blockSize });
    case 'GRU':
      return new GRU({ ...shared, resetAfter: cell.resetAfter });
  }
}
