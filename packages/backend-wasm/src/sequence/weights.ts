/**
 * The weights of a fused cell by PyTorch's names and layouts: weight_ih [G·H, I], weight_hh
 * [G·H, Hout], bias_ih / bias_hh [G·H], the lstm's weight_hr [P, H] and peepholes weight_ci /
 * weight_cf / weight_co [H]. Checked as the cpu backend checks them.
 */
import { ArgumentError } from '@rnn/tensor';
import type { FusedCellConfig, SequenceWeights } from '@rnn/tensor/backend';
import { asBuffer, type WasmBuffer } from '../storage.js';

export interface CellBuffers {
  readonly input: WasmBuffer;
  readonly recurrent: WasmBuffer;
  /** bias_ih and bias_hh, or null without bias. */
  readonly inputBias: WasmBuffer | null;
  readonly recurrentBias: WasmBuffer | null;
  readonly projection: WasmBuffer | null;
  /** Peepholes, or null (weight_cf may be absent under cifg, which never reads it). */
  readonly peepholeInput: WasmBuffer | null;
  readonly peepholeForget: WasmBuffer | null;
  readonly peepholeOutput: WasmBuffer | null;
}

/** Every weight name the configuration defines, in PyTorch's order. */
export function weightNames(cell: FusedCellConfig): string[] {
  return [
    'weight_ih',
    'weight_hh',
    ...(cell.bias ? ['bias_ih', 'bias_hh'] : []),
    ...(cell.kind === 'lstm' && (cell.projSize ?? 0) > 0 ? ['weight_hr'] : []),
    ...(cell.peephole === true ? ['weight_ci', 'weight_cf', 'weight_co'] : []),
  ];
}

const describe = (cell: FusedCellConfig): string =>
  `${cell.kind} cell (${Object.entries(cell)
    .filter(([key, value]) => key !== 'kind' && key !== 'hiddenSize' && value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ')})`;

/** The weights' buffers; a name the configuration does not define, or a missing one, is an error. */
export function cellBuffers(cell: FusedCellConfig, weights: SequenceWeights): CellBuffers {
  const names = weightNames(cell);
  for (const name of Object.keys(weights)) {
    if (!names.includes(name)) throw new ArgumentError('rnnSequence', 'weights', `has ${name}, which a ${describe(cell)} does not use`);
  }
  const pick = (name: string, mayBeAbsent = false): WasmBuffer | null => {
    if (!names.includes(name)) return null;
    const w = weights[name];
    if (w !== undefined) return asBuffer(w.handle);
    if (mayBeAbsent) return null;
    throw new ArgumentError('rnnSequence', 'weights', `lack ${name}, which a ${describe(cell)} needs`);
  };
  return {
    input: pick('weight_ih')!,
    recurrent: pick('weight_hh')!,
    inputBias: pick('bias_ih'),
    recurrentBias: pick('bias_hh'),
    projection: pick('weight_hr'),
    peepholeInput: pick('weight_ci'),
    peepholeForget: pick('weight_cf', cell.cifg === true),
    peepholeOutput: pick('weight_co'),
  };
}
