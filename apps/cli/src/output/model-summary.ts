/**
 * A module in one line, from its config: `Embedding 12×5 → LSTM 5→7 ×2 → Dense 7→12`. For
 * `rnn import` and `rnn export`, which handle models of any architecture, not only `rnn train`'s.
 */
import type { JsonValue, Module, ModuleConfig } from '@rnn/layers';

export function describeModel(model: Module): string {
  return describeConfig(model.toConfig());
}

function describeConfig({ type, options }: ModuleConfig): string {
  const o = options;
  const n = (key: string): string => {
    const value = o[key];
    return typeof value === 'number' || typeof value === 'string' ? String(value) : '?';
  };
  switch (type) {
    case 'Sequential':
      return asConfigs(o.layers).map(describeConfig).join(' → ');
    case 'RNN':
    case 'LSTM':
    case 'GRU':
    case 'Jordan': {
      const flags = [
        Number(o.numLayers ?? 1) > 1 ? `×${n('numLayers')}` : '',
        o.bidirectional === true ? 'bidirectional' : '',
        o.batchFirst === true ? 'batch-first' : '',
        type === 'RNN' && o.nonlinearity === 'relu' ? 'relu' : '',
        type === 'GRU' && o.resetAfter === false ? 'reset-before' : '',
        type === 'LSTM' && Number(o.projSize ?? 0) > 0 ? `proj ${n('projSize')}` : '',
      ].filter((f) => f !== '');
      return [`${type} ${n('inputSize')}→${n('hiddenSize')}`, ...flags].join(' ');
    }
    case 'RNNCell':
    case 'LSTMCell':
    case 'GRUCell':
      return `${type} ${n('inputSize')}→${n('hiddenSize')}`;
    case 'Dense': {
      const activation = o.activation !== undefined && o.activation !== 'linear' ? ` ${n('activation')}` : '';
      return `Dense ${n('inFeatures')}→${n('outFeatures')}${activation}`;
    }
    case 'Dropout':
      return `Dropout ${n('rate')}`;
    case 'Embedding':
      return `Embedding ${n('numEmbeddings')}×${n('embeddingDim')}`;
    case 'TimeDistributed':
      return `TimeDistributed(${describeConfig(o.layer as unknown as ModuleConfig)})`;
    case 'LanguageModel': {
      const children = [o.embeddingDim === null || o.embeddingDim === undefined ? `one-hot ${n('vocabSize')}` : `Embedding ${n('vocabSize')}×${n('embeddingDim')}`];
      return [...children, describeConfig(o.rnn as unknown as ModuleConfig), `Dense → ${n('vocabSize')}`].join(' → ');
    }
    default:
      return type;
  }
}

const asConfigs = (value: JsonValue | undefined): ModuleConfig[] => (Array.isArray(value) ? (value as unknown[] as ModuleConfig[]) : []);
