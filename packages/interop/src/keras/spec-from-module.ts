/**
 * The {@link LayerSpec} of a module you built, for loading Keras weights into it: each module
 * must be one Keras layer could have made.
 */
import { Dense, Dropout, Embedding, GRU, LSTM, RNN, TimeDistributed, type Module } from '@rnn/layers';
import { UnsupportedModelError } from '../errors.js';
import type { DenseSpec, LayerSpec, RecurrentSpec } from './layer-spec.js';

/** The spec of `module` (named `name` in errors), or null when it has no weights to load. */
export function specFromModule(module: Module, name: string): LayerSpec | null {
  const refuse = (detail: string): UnsupportedModelError => new UnsupportedModelError('keras', name, detail);
  if (module instanceof LSTM || module instanceof GRU || module instanceof RNN) return recurrentSpec(module, refuse);
  if (module instanceof Dense) return denseSpec(module, false);
  if (module instanceof TimeDistributed) {
    if (!(module.layer instanceof Dense)) throw refuse('a TimeDistributed of anything but Dense has no Keras weight layout here');
    return denseSpec(module.layer, true);
  }
  if (module instanceof Embedding) return { kind: 'embedding', inputDim: module.numEmbeddings, outputDim: module.embeddingDim };
  if (module instanceof Dropout) return { kind: 'dropout', rate: module.rate };
  if (module.parameters().length === 0) return null;
  throw refuse('this module type has no Keras counterpart whose weights could load into it (Keras layers map to RNN, LSTM, GRU, Dense, TimeDistributed(Dense), Embedding, Dropout)');
}

function recurrentSpec(module: LSTM | GRU | RNN, refuse: (detail: string) => UnsupportedModelError): RecurrentSpec {
  if (module.numLayers !== 1) throw refuse(`numLayers is ${module.numLayers}: Keras stacks recurrent layers as separate layers, so build one module per Keras layer`);
  if (module instanceof LSTM && (module.projSize !== 0 || module.peephole || module.variant !== 'vanilla' || module.blockSize !== 1 || module.cellClip !== null)) {
    throw refuse('projections, peepholes, Greff variants, memory blocks and cell clipping have no Keras LSTM weights');
  }
  if (module instanceof RNN && module.irnn) throw refuse('irnn only changes initialisation, but it is not a Keras option; build a plain relu RNN');
  const cell = module instanceof LSTM ? 'LSTM' : module instanceof GRU ? 'GRU' : 'SimpleRNN';
  return {
    kind: 'recurrent',
    cell,
    inputSize: module.inputSize,
    units: module.hiddenSize,
    useBias: module.bias,
    activation: module instanceof RNN ? module.nonlinearity : 'tanh',
    resetAfter: module instanceof GRU ? module.resetAfter : true,
    bidirectional: module.directions === 2,
    mergeMode: module.mergeMode,
    returnSequences: module.returnSequences,
    goBackwards: module.goBackwards,
    stateful: module.stateful,
    recurrentDropout: module.recurrentDropout,
  };
}

function denseSpec(dense: Dense, timeDistributed: boolean): DenseSpec {
  return { kind: 'dense', inFeatures: dense.inFeatures, units: dense.outFeatures, useBias: dense.bias !== null, activation: dense.activation, timeDistributed };
}
