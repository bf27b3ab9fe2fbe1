/**
 * A PyTorch state dict's keys grouped by the module that owns them: `encoder.rnn.weight_ih_l0`
 * belongs to module `encoder.rnn` as its parameter `weight_ih_l0`. What kind of module each
 * group is follows from its parameter names and shapes alone, as PyTorch's own layouts fix them.
 */
import type { Shape } from '@rnn/tensor';
import { UnsupportedModelError } from '../errors.js';
import { kindWithGates, type RecurrentKind } from '../gate-count.js';

/** One module's parameters: their names within the module, and shapes. */
export interface ParameterGroup {
  /** The module's path in the state dict ('' for a bare module's own parameters). */
  readonly prefix: string;
  readonly shapes: ReadonlyMap<string, Shape>;
}

/** The modules a state dict describes, by what their parameters say they are. */
export type InferredModule =
  | { readonly kind: 'RNN' | 'LSTM' | 'GRU'; readonly prefix: string; readonly inputSize: number; readonly hiddenSize: number; readonly numLayers: number; readonly bidirectional: boolean; readonly bias: boolean; readonly projSize: number }
  | { readonly kind: 'RNNCell' | 'LSTMCell' | 'GRUCell'; readonly prefix: string; readonly inputSize: number; readonly hiddenSize: number; readonly bias: boolean }
  | { readonly kind: 'Linear'; readonly prefix: string; readonly inFeatures: number; readonly outFeatures: number; readonly bias: boolean }
  /** A lone 2-D `weight`: an `Embedding`, or a `Linear` without bias — its place in the chain decides. */
  | { readonly kind: 'Matrix'; readonly prefix: string; readonly rows: number; readonly columns: number };

/** The keys grouped by owning module, in the order their first key appears. */
export function groupParameters(shapes: ReadonlyMap<string, Shape>): ParameterGroup[] {
  const groups = new Map<string, Map<string, Shape>>();
  for (const [key, shape] of shapes) {
    const dot = key.lastIndexOf('.');
    const prefix = dot < 0 ? '' : key.slice(0, dot);
    let group = groups.get(prefix);
    if (group === undefined) groups.set(prefix, (group = new Map<string, Shape>()));
    group.set(key.slice(dot + 1), shape);
  }
  return [...groups].map(([prefix, group]) => ({ prefix, shapes: group }));
}

/** What module `group` is, from PyTorch's parameter names and shapes; anything else is refused by name. */
export function inferModule(group: ParameterGroup): InferredModule {
  const { prefix, shapes } = group;
  const at = (name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
  const refuse = (detail: string): never => {
    throw new UnsupportedModelError('pytorch', prefix === '' ? '(the top module)' : prefix, detail);
  };
  const matrix = (name: string): readonly [number, number] => {
    const shape = shapes.get(name);
    if (shape?.length !== 2) refuse(`'${at(name)}' must be a matrix, got ${shape === undefined ? 'no such key' : `shape [${shape.join(', ')}]`}`);
    return shape as unknown as readonly [number, number];
  };
  const names = [...shapes.keys()];
  if (shapes.has('weight_ih_l0')) return inferLayers(group, matrix, refuse);
  if (shapes.has('weight_ih')) {
    const [gateRows, inputSize] = matrix('weight_ih');
    const [, hiddenSize] = matrix('weight_hh');
    const kind = gateKind(gateRows, hiddenSize, refuse);
    expectOnly(names, ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'], at, refuse);
    return { kind: `${kind}Cell`, prefix, inputSize, hiddenSize, bias: shapes.has('bias_ih') };
  }
  if (shapes.has('weight')) {
    const [rows, columns] = matrix('weight');
    expectOnly(names, ['weight', 'bias'], at, refuse);
    return shapes.has('bias') ? { kind: 'Linear', prefix, inFeatures: columns, outFeatures: rows, bias: true } : { kind: 'Matrix', prefix, rows, columns };
  }
  return refuse(`has parameters ${names.map((n) => `'${at(n)}'`).join(', ')}, which are none of RNN/LSTM/GRU, their cells, Linear or Embedding`);
}

function inferLayers(
  { prefix, shapes }: ParameterGroup,
  matrix: (name: string) => readonly [number, number],
  refuse: (detail: string) => never,
): InferredModule {
  const [gateRows, inputSize] = matrix('weight_ih_l0');
  // With proj_size, h is the projection: weight_hh is [4H, P] and weight_hr [P, H].
  const projected = shapes.has('weight_hr_l0');
  const hiddenSize = projected ? matrix('weight_hr_l0')[1] : matrix('weight_hh_l0')[1];
  const kind = gateKind(gateRows, hiddenSize, refuse);
  if (projected && kind !== 'LSTM') refuse(`has 'weight_hr_l0' (a projection), which only an LSTM has`);
  const layerOf = /^(?:weight|bias)_(?:ih|hh|hr)_l(\d+)(_reverse)?$/;
  let numLayers = 0;
  let bidirectional = false;
  for (const name of shapes.keys()) {
    const match = layerOf.exec(name);
    if (match === null) return refuse(`has '${name}', which is not a parameter of PyTorch's ${kind}`);
    numLayers = Math.max(numLayers, Number(match[1]) + 1);
    bidirectional ||= match[2] !== undefined;
  }
  // Every layer and direction must have its weights: a stray 'weight_ih_l999999' must not build a
  // million layers from a few bytes.
  for (let layer = 0; layer < numLayers; layer++) {
    for (const suffix of bidirectional ? ['', '_reverse'] : ['']) {
      for (const name of [`weight_ih_l${layer}${suffix}`, `weight_hh_l${layer}${suffix}`]) {
        if (!shapes.has(name)) refuse(`has layers up to l${numLayers - 1}${bidirectional ? ' in both directions' : ''} but no '${name}'`);
      }
    }
  }
  return { kind, prefix, inputSize, hiddenSize, numLayers, bidirectional, bias: shapes.has('bias_ih_l0'), projSize: projected ? matrix('weight_hr_l0')[0] : 0 };
}

function gateKind(gateRows: number, hiddenSize: number, refuse: (detail: string) => never): RecurrentKind {
  const gates = gateRows / hiddenSize;
  const kind = kindWithGates(gates);
  return kind ?? refuse(`has ${gateRows} input-weight rows for hidden size ${hiddenSize}: ${gates} gates, where RNN has 1, GRU 3 and LSTM 4`);
}

function expectOnly(names: readonly string[], allowed: readonly string[], at: (name: string) => string, refuse: (detail: string) => never): void {
  const other = names.filter((n) => !allowed.includes(n));
  if (other.length > 0) refuse(`has ${other.map((n) => `'${at(n)}'`).join(', ')} beside ${allowed.map((n) => `'${n}'`).join('/')}`);
}
