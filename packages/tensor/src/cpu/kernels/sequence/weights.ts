/**
 * The weights of a fused cell, by PyTorch's names and layouts: weight_ih [G·H, I], weight_hh
 * [G·H, Hout], bias_ih / bias_hh [G·H], lstm's weight_hr [P, H] and peepholes weight_ci /
 * weight_cf / weight_co [H].
 */
import type { FusedCellConfig } from '../../../backend/types.js';
import { ArgumentError } from '../../../errors.js';
import type { FloatArray } from '../matmul.js';

/** The weights by role; `T` is whatever a backend holds them as (the cpu backend: typed arrays). */
export interface CellWeights<T = FloatArray> {
  /** weight_ih. */
  readonly input: T;
  /** weight_hh. */
  readonly recurrent: T;
  /** bias_ih and bias_hh, or null without bias. */
  readonly inputBias: T | null;
  readonly recurrentBias: T | null;
  /** weight_hr, or null unless the lstm projects. */
  readonly projection: T | null;
  /** weight_ci, weight_cf, weight_co, or null without peepholes (weight_cf is never read under cifg). */
  readonly peepholeInput: T | null;
  readonly peepholeForget: T | null;
  readonly peepholeOutput: T | null;
}

/** Every weight name the configuration defines, in PyTorch's order. */
export function weightNames(cell: FusedCellConfig): string[] {
  return [
    'weight_ih',
    'weight_hh',
    ...(cell.bias ? ['bias_ih', 'bias_hh'] : []),
    ...(cell.projSize !== undefined && cell.projSize > 0 ? ['weight_hr'] : []),
    ...(cell.peephole === true ? ['weight_ci', 'weight_cf', 'weight_co'] : []),
  ];
}

/**
 * Picks the weights out of `named`. Every name the configuration defines must be there except
 * weight_cf under cifg (f = 1 − i never reads it); a name it does not define is an error, since
 * its gradient would silently be zero.
 */
export function readWeights<T>(cell: FusedCellConfig, named: Readonly<Record<string, T>>): CellWeights<T> {
  const names = weightNames(cell);
  for (const name of Object.keys(named)) {
    if (!names.includes(name)) throw new ArgumentError('rnnSequence', 'weights', `has ${name}, which a ${describe(cell)} does not use`);
  }
  /** The weight if the configuration defines it (then it must be given, unless `mayBeAbsent`), else null. */
  const pick = (name: string, mayBeAbsent = false): T | null => {
    if (!names.includes(name)) return null;
    const w = named[name];
    if (w !== undefined) return w;
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

function describe(cell: FusedCellConfig): string {
  const options = Object.entries(cell)
    .filter(([key, value]) => key !== 'kind' && key !== 'hiddenSize' && value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`);
  return `${cell.kind} cell (${options.join(', ')})`;
}

/**
 * b_ih + b_hh, the bias added once to the whole input projection (cuDNN's pre-summed bias);
 * from gate row `recurrentOnlyFrom` on, only b_ih, for biases that must stay inside a
 * recurrent product (the GRU's b_hn under the reset gate). Null without bias.
 */
export function projectionBias(weights: CellWeights, gateWidth: number, recurrentOnlyFrom = gateWidth): Float64Array | null {
  const { inputBias, recurrentBias } = weights;
  if (inputBias === null || recurrentBias === null) return null;
  const bias = new Float64Array(gateWidth);
  for (let j = 0; j < gateWidth; j++) bias[j] = inputBias[j]! + (j < recurrentOnlyFrom ? recurrentBias[j]! : 0);
  return bias;
}
