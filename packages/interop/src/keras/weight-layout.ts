/**
 * The weights a Keras layer stores, and how they become @rnn parameters.
 *
 * Keras keeps `kernel` [in, gates·H] and `recurrent_kernel` [H, gates·H] (x·W); @rnn keeps
 * PyTorch's `weight_ih` [gates·H, in] and `weight_hh` [gates·H, H] (W·x): each is transposed.
 * LSTM gates are i, f, c, o in Keras and i, f, g, o here: the same order. GRU gates are z, r, h
 * in Keras and r, z, n here: blocks 0 and 1 swap. Keras has one LSTM/SimpleRNN bias (→ bias_ih,
 * bias_hh = 0); a reset_after GRU has [2, 3H] (row 0 input → bias_ih, row 1 recurrent →
 * bias_hh), a reset_after=False GRU one input bias (→ bias_ih, bias_hh = 0) — which is Keras's
 * equation exactly, since its candidate then has no recurrent bias (keras/src/layers/rnn/gru.py).
 */
import { gatesOf, type DenseSpec, type LayerSpec, type RecurrentSpec } from './layer-spec.js';

/** Which Keras object owns a weight: the layer, its RNN cell, a Bidirectional side's cell, or TimeDistributed's inner layer. */
export type WeightOwner = 'layer' | 'cell' | 'forward_layer' | 'backward_layer' | 'wrapped';

/** One Keras weight: its owner, its index among the owner's variables, a name for errors, and its shape. */
export interface WeightSlot {
  readonly owner: WeightOwner;
  readonly index: number;
  readonly role: string;
  readonly shape: readonly number[];
}

/** Values for one @rnn parameter, row-major, before they become a tensor. */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** The Keras weights of `spec`, in Keras's own order (forward direction first). */
export function weightSlots(spec: LayerSpec): WeightSlot[] {
  switch (spec.kind) {
    case 'recurrent':
      if (!spec.bidirectional) return recurrentSlots(spec, 'cell', '');
      return [...recurrentSlots(spec, 'forward_layer', 'forward '), ...recurrentSlots(spec, 'backward_layer', 'backward ')];
    case 'dense': {
      const owner = spec.timeDistributed ? 'wrapped' : 'layer';
      const kernel = { owner, index: 0, role: 'kernel', shape: [spec.inFeatures, spec.units] } as const;
      return spec.useBias ? [kernel, { owner, index: 1, role: 'bias', shape: [spec.units] }] : [kernel];
    }
    case 'embedding':
      return [{ owner: 'layer', index: 0, role: 'embeddings', shape: [spec.inputDim, spec.outputDim] }];
    case 'dropout':
      return [];
  }
}

function recurrentSlots(spec: RecurrentSpec, owner: WeightOwner, side: string): WeightSlot[] {
  const width = gatesOf(spec.cell) * spec.units;
  const slots: WeightSlot[] = [
    { owner, index: 0, role: `${side}kernel`, shape: [spec.inputSize, width] },
    { owner, index: 1, role: `${side}recurrent_kernel`, shape: [spec.units, width] },
  ];
  if (spec.useBias) slots.push({ owner, index: 2, role: `${side}bias`, shape: spec.cell === 'GRU' && spec.resetAfter ? [2, width] : [width] });
  return slots;
}

/**
 * The @rnn state dict (names relative to the module built for `spec`) holding `values`, given
 * in {@link weightSlots} order and already checked against those shapes.
 */
export function stateDictFromKeras(spec: LayerSpec, values: readonly Float64Array[]): Record<string, HostTensor> {
  switch (spec.kind) {
    case 'recurrent': {
      const perDirection = spec.useBias ? 3 : 2;
      const forward = recurrentDirection(spec, values.slice(0, perDirection), '');
      return spec.bidirectional ? { ...forward, ...recurrentDirection(spec, values.slice(perDirection), '_reverse') } : forward;
    }
    case 'dense':
      return denseEntries(spec, values, spec.timeDistributed ? 'layer.' : '');
    case 'embedding':
      return { weight: { shape: [spec.inputDim, spec.outputDim], data: values[0]! } };
    case 'dropout':
      return {};
  }
}

function denseEntries(spec: DenseSpec, [kernel, bias]: readonly Float64Array[], prefix: string): Record<string, HostTensor> {
  const entries: Record<string, HostTensor> = { [`${prefix}weight`]: { shape: [spec.units, spec.inFeatures], data: gateRows(kernel!, spec.inFeatures, 1, spec.units, [0]) } };
  if (bias !== undefined) entries[`${prefix}bias`] = { shape: [spec.units], data: bias };
  return entries;
}

function recurrentDirection(spec: RecurrentSpec, [kernel, recurrent, bias]: readonly Float64Array[], suffix: string): Record<string, HostTensor> {
  const gates = gatesOf(spec.cell);
  const hidden = spec.units;
  // Our gate g is Keras's block order[g].
  const order = spec.cell === 'GRU' ? [1, 0, 2] : Array.from({ length: gates }, (_, g) => g);
  const rows = gates * hidden;
  const entries: Record<string, HostTensor> = {
    [`weight_ih_l0${suffix}`]: { shape: [rows, spec.inputSize], data: gateRows(kernel!, spec.inputSize, gates, hidden, order) },
    [`weight_hh_l0${suffix}`]: { shape: [rows, hidden], data: gateRows(recurrent!, hidden, gates, hidden, order) },
  };
  if (bias !== undefined) {
    const twoRows = spec.cell === 'GRU' && spec.resetAfter;
    entries[`bias_ih_l0${suffix}`] = { shape: [rows], data: gateRows(bias.subarray(0, rows), 1, gates, hidden, order) };
    entries[`bias_hh_l0${suffix}`] = { shape: [rows], data: twoRows ? gateRows(bias.subarray(rows), 1, gates, hidden, order) : new Float64Array(rows) };
  }
  return entries;
}

/**
 * Keras's `x·W` matrix [inputs, gates·hidden] as @rnn's `W·x` rows [gates·hidden, inputs]:
 * transposed, with our gate block g taken from Keras's block order[g]. A bias is the
 * one-input case.
 */
function gateRows(keras: Float64Array, inputs: number, gates: number, hidden: number, order: readonly number[]): Float64Array {
  const width = gates * hidden;
  const out = new Float64Array(width * inputs);
  for (let g = 0; g < gates; g++) {
    const block = order[g]! * hidden;
    for (let j = 0; j < hidden; j++) {
      const row = (g * hidden + j) * inputs;
      for (let i = 0; i < inputs; i++) out[row + i] = keras[i * width + block + j]!;
    }
  }
  return out;
}
