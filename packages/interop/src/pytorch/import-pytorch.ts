/**
 * A PyTorch state dict in, with its architecture inferred: a safetensors file has weights and
 * names but no code, so the modules are read off PyTorch's parameter names and shapes and, when
 * there are several, chained by matching each one's output size to the next one's input size.
 */
import { dispose, Generator, type Backend, type Shape, type Tensor } from '@rnn/tensor';
import { decodeSafetensors, Dense, Embedding, GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, Sequential, type FloatDType, type Module } from '@rnn/layers';
import { UnsupportedModelError } from '../errors.js';
import { orderChain, type ChainLink } from './chain.js';
import { groupParameters, inferModule, type InferredModule } from './state-dict-groups.js';

export interface ImportPyTorchOptions {
  /** `nn.RNN`'s nonlinearity, which its weights do not tell (default 'tanh'). */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** The recurrent layers were built with `batch_first=True` (default false, PyTorch's default). */
  readonly batchFirst?: boolean;
  /** The parameters' dtype (default: the file's, float32 or float64). */
  readonly dtype?: FloatDType;
  readonly generator?: Generator;
  readonly backend?: Backend;
}

export interface ImportedPyTorchModel {
  /** One module for a one-module state dict, otherwise a `Sequential` in data-flow order. */
  readonly model: Module;
  /** Each of the model's parameter names → the state-dict key it was loaded from. */
  readonly names: ReadonlyMap<string, string>;
}

/**
 * Builds the @rnn module a `safetensors.torch.save_file(model.state_dict())` file describes and
 * loads its weights. Recognised: `nn.RNN`/`LSTM`/`GRU` (layers, directions, `proj_size`, bias),
 * their cells, `nn.Linear` and `nn.Embedding`; several of them are ordered into a chain
 * (`Embedding → LSTM → Linear`, a char-rnn) by their sizes. Throws UnsupportedModelError naming
 * the module for parameters of any other kind and for chains the sizes leave ambiguous — load
 * those into modules you build with `loadPyTorchWeights`.
 *
 * @example
 * const { model, names } = importPyTorch(await readFile('char_rnn.safetensors'));
 * names.get('1.weight_ih_l0'); // 'lstm.weight_ih_l0'
 */
export function importPyTorch(bytes: Uint8Array, options: ImportPyTorchOptions = {}): ImportedPyTorchModel {
  const { tensors } = decodeSafetensors(bytes, options.backend === undefined ? {} : { backend: options.backend });
  try {
    const shapes = new Map<string, Shape>(Object.entries(tensors).map(([key, t]) => [key, t.shape]));
    if (shapes.size === 0) throw new UnsupportedModelError('pytorch', '(the file)', 'has no tensors');
    const dtype = options.dtype ?? fileDtype(tensors);
    const modules = groupParameters(shapes).map(inferModule);
    const generator = options.generator ?? new Generator(0);
    const build = (m: InferredModule, asEmbedding: boolean): Module => buildModule(m, asEmbedding, { dtype, generator, nonlinearity: options.nonlinearity ?? 'tanh', batchFirst: options.batchFirst ?? false, backend: options.backend });
    const names = new Map<string, string>();
    let model: Module;
    if (modules.length === 1) {
      model = build(modules[0]!, true);
      for (const [name] of model.namedParameters()) names.set(name, joinKey(modules[0]!.prefix, name));
    } else {
      const chain = orderChain(modules.map(linkOf));
      const children = chain.map(({ module, asEmbedding }) => build(module, asEmbedding));
      model = new Sequential(children);
      chain.forEach(({ module }, i) => {
        for (const [name] of children[i]!.namedParameters()) names.set(`${i}.${name}`, joinKey(module.prefix, name));
      });
    }
    try {
      model.loadStateDict(Object.fromEntries([...names].map(([ours, theirs]) => [ours, tensors[theirs]!])));
    } catch (error) {
      model.dispose();
      throw error;
    }
    return { model, names };
  } finally {
    dispose(Object.values(tensors));
  }
}

const joinKey = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

function fileDtype(tensors: Readonly<Record<string, Tensor>>): FloatDType {
  return Object.values(tensors).some((t) => t.dtype === 'float64') ? 'float64' : 'float32';
}

/** The sizes a module consumes and produces, for ordering; a lone matrix may be either of two modules. */
function linkOf(module: InferredModule): ChainLink<InferredModule> {
  switch (module.kind) {
    case 'RNN':
    case 'LSTM':
    case 'GRU':
      return { module, name: module.prefix, inputSize: module.inputSize, outputSize: (module.projSize || module.hiddenSize) * (module.bidirectional ? 2 : 1) };
    case 'RNNCell':
    case 'LSTMCell':
    case 'GRUCell':
      throw new UnsupportedModelError('pytorch', module.prefix, `is a ${module.kind}, which steps once and does not chain with other modules into a sequence model; load it with loadPyTorchWeights into a ${module.kind}`);
    case 'Linear':
      return { module, name: module.prefix, inputSize: module.inFeatures, outputSize: module.outFeatures };
    case 'Matrix':
      // As an Embedding it maps ids to `columns` features; as a bias-free Linear, `columns` → `rows`.
      return { module, name: module.prefix, inputSize: module.columns, outputSize: module.rows, embeddingSize: module.columns };
  }
}

interface BuildSettings {
  readonly dtype: FloatDType;
  readonly generator: Generator;
  readonly nonlinearity: 'tanh' | 'relu';
  readonly batchFirst: boolean;
  readonly backend: Backend | undefined;
}

function buildModule(m: InferredModule, asEmbedding: boolean, { dtype, generator, nonlinearity, batchFirst, backend }: BuildSettings): Module {
  const common = { dtype, generator, ...(backend === undefined ? {} : { backend }) };
  switch (m.kind) {
    case 'RNN':
    case 'LSTM':
    case 'GRU': {
      const layer = { ...common, inputSize: m.inputSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers, bidirectional: m.bidirectional, bias: m.bias, batchFirst };
      if (m.kind === 'RNN') return new RNN({ ...layer, nonlinearity });
      return m.kind === 'LSTM' ? new LSTM({ ...layer, projSize: m.projSize }) : new GRU(layer);
    }
    case 'RNNCell':
      return new RNNCell({ ...common, inputSize: m.inputSize, hiddenSize: m.hiddenSize, bias: m.bias, nonlinearity });
    case 'LSTMCell':
      return new LSTMCell({ ...common, inputSize: m.inputSize, hiddenSize: m.hiddenSize, bias: m.bias });
    case 'GRUCell':
      return new GRUCell({ ...common, inputSize: m.inputSize, hiddenSize: m.hiddenSize, bias: m.bias });
    case 'Linear':
      return new Dense({ ...common, inFeatures: m.inFeatures, outFeatures: m.outFeatures, bias: m.bias });
    case 'Matrix':
      return asEmbedding ? new Embedding({ ...common, numEmbeddings: m.rows, embeddingDim: m.columns }) : new Dense({ ...common, inFeatures: m.columns, outFeatures: m.rows, bias: false });
  }
}
