/** The parameters every PyTorch-style cell shares: gate-stacked input and recurrent weights. */
import type { ParameterSpec } from '../cell.js';
import type { Initializer } from '../initializers/initializer.js';

export type GateParameterName = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh';

export interface GateParameterOptions {
  /** All gates' rows stacked (4H for LSTM, 3H for GRU, H for an Elman cell). */
  readonly rows: number;
  readonly inputSize: number;
  /** The size of the fed-back state (H, or LSTM's projSize). */
  readonly recurrentSize: number;
  /** PyTorch's `bias`: whether `bias_ih` and `bias_hh` exist. */
  readonly bias: boolean;
  /** One initializer for all four, or one each. */
  readonly init: Initializer | Readonly<Record<GateParameterName, Initializer>>;
}

/** `weight_ih` [rows, I], `weight_hh` [rows, recurrentSize], then `bias_ih`, `bias_hh` [rows] if `bias`. */
export function gateParameters({ rows, inputSize, recurrentSize, bias, init: given }: GateParameterOptions): ParameterSpec<GateParameterName>[] {
  const init = typeof given === 'function' ? { weight_ih: given, weight_hh: given, bias_ih: given, bias_hh: given } : given;
  const weights: ParameterSpec<GateParameterName>[] = [
    { name: 'weight_ih', shape: [rows, inputSize], init: init.weight_ih },
    { name: 'weight_hh', shape: [rows, recurrentSize], init: init.weight_hh },
  ];
  if (!bias) return weights;
  return [...weights, { name: 'bias_ih', shape: [rows], init: init.bias_ih }, { name: 'bias_hh', shape: [rows], init: init.bias_hh }];
}
