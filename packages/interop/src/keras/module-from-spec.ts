/** The @rnn module that computes what a Keras layer computes (Keras RNN layers are batch-first). */
import { Dense, Dropout, Embedding, GRU, LSTM, RNN, TimeDistributed, type FloatDType, type Module } from '@rnn/layers';
import type { Backend, Generator } from '@rnn/tensor';
import type { LayerSpec } from './layer-spec.js';

export interface ModuleContext {
  readonly generator: Generator;
  readonly backend?: Backend;
  readonly dtype: FloatDType;
}

/** A fresh module for `spec`; its parameters are initialised and then overwritten by the import. */
export function moduleFromSpec(spec: LayerSpec, { generator, backend, dtype }: ModuleContext): Module {
  const context = { generator, dtype, ...(backend ? { backend } : {}) };
  switch (spec.kind) {
    case 'recurrent': {
      const options = {
        ...context,
        inputSize: spec.inputSize,
        hiddenSize: spec.units,
        bias: spec.useBias,
        bidirectional: spec.bidirectional,
        mergeMode: spec.mergeMode,
        batchFirst: true,
        returnSequences: spec.returnSequences,
        goBackwards: spec.goBackwards,
        stateful: spec.stateful,
        recurrentDropout: spec.recurrentDropout,
      };
      if (spec.cell === 'LSTM') return new LSTM(options);
      if (spec.cell === 'GRU') return new GRU({ ...options, resetAfter: spec.resetAfter });
      return new RNN({ ...options, nonlinearity: spec.activation });
    }
    case 'dense': {
      const dense = new Dense({ ...context, inFeatures: spec.inFeatures, outFeatures: spec.units, bias: spec.useBias, activation: spec.activation });
      // TimeDistributed folds its first two axes, which works batch-first as well.
      return spec.timeDistributed ? new TimeDistributed(dense) : dense;
    }
    case 'embedding':
      return new Embedding({ ...context, numEmbeddings: spec.inputDim, embeddingDim: spec.outputDim });
    case 'dropout':
      return new Dropout({ rate: spec.rate, generator });
  }
}
