/**
 * What one imported layer is, independent of where it came from: read from a Keras layer
 * config (importKeras) or from an @rnn module (loadKerasWeights), it fixes both the Keras
 * weights the layer owns and the @rnn module that holds them.
 */
import type { Activation, MergeMode } from '@rnn/layers';
import { GATE_COUNT } from '../gate-count.js';

export type RecurrentCellKind = 'SimpleRNN' | 'LSTM' | 'GRU';

export interface RecurrentSpec {
  readonly kind: 'recurrent';
  readonly cell: RecurrentCellKind;
  readonly inputSize: number;
  readonly units: number;
  readonly useBias: boolean;
  /** SimpleRNN's activation ('relu' or 'tanh'); LSTM and GRU always use tanh here. */
  readonly activation: 'tanh' | 'relu';
  /** GRU only: Keras `reset_after`. */
  readonly resetAfter: boolean;
  readonly bidirectional: boolean;
  readonly mergeMode: MergeMode;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly recurrentDropout: number;
}

export interface DenseSpec {
  readonly kind: 'dense';
  readonly inFeatures: number;
  readonly units: number;
  readonly useBias: boolean;
  readonly activation: Activation;
  /** Wrapped in Keras `TimeDistributed` (its weights then live one level down). */
  readonly timeDistributed: boolean;
}

export interface EmbeddingSpec {
  readonly kind: 'embedding';
  readonly inputDim: number;
  readonly outputDim: number;
}

export interface DropoutSpec {
  readonly kind: 'dropout';
  readonly rate: number;
}

export type LayerSpec = RecurrentSpec | DenseSpec | EmbeddingSpec | DropoutSpec;

/** Gates per cell, in the order Keras stacks them in its kernels. */
export const gatesOf = (cell: RecurrentCellKind): number => GATE_COUNT[cell === 'SimpleRNN' ? 'RNN' : cell];

/** The feature size the layer outputs, given what it reads. */
export function outputFeatures(spec: LayerSpec, input: number | null): number | null {
  switch (spec.kind) {
    case 'recurrent':
      return spec.bidirectional && spec.mergeMode === 'concat' ? 2 * spec.units : spec.units;
    case 'dense':
      return spec.units;
    case 'embedding':
      return spec.outputDim;
    case 'dropout':
      return input;
  }
}

/** The Keras class that owns this layer's weights (what Keras 3 names its weight groups after). */
export function kerasClassName(spec: LayerSpec): string {
  switch (spec.kind) {
    case 'recurrent':
      return spec.bidirectional ? 'Bidirectional' : spec.cell;
    case 'dense':
      return spec.timeDistributed ? 'TimeDistributed' : 'Dense';
    case 'embedding':
      return 'Embedding';
    case 'dropout':
      return 'Dropout';
  }
}
