/** The model configurations the ONNX tests export, run and import, and how to run ours alike. */
import type { Generator} from '@rnn/tensor';
import { type Tensor } from '@rnn/tensor';
import { Dense, Dropout, Embedding, GRU, LanguageModel, LSTM, RNN, Sequential, TimeDistributed, type Module, type Recurrent } from '@rnn/layers';
import type { ExportOnnxOptions } from './export-onnx.js';
import { randomIds, randomInput, type Feed } from './test-helpers.js';

export const T = 5;
export const B = 4;
export const F = 3;
export const H = 6;
export const V = 7;

/** One configuration: a model, and the graph inputs it reads. */
export interface Case {
  readonly name: string;
  readonly build: (generator: Generator) => Module;
  /** 'float': [T, B, F] (or [B, T, F] batch-first); 'ids': int32 [T, B] in [0, V). */
  readonly input: 'float' | 'ids' | 'float2d';
  readonly lengths?: readonly number[];
  readonly options?: ExportOnnxOptions;
}

export const rnnCases = (): Case[] => {
  const cases: Case[] = [];
  const kinds = {
    'RNN tanh': (o: RecurrentArgs) => new RNN(o),
    'RNN relu': (o: RecurrentArgs) => new RNN({ ...o, nonlinearity: 'relu' }),
    LSTM: (o: RecurrentArgs) => new LSTM(o),
    'LSTM peephole': (o: RecurrentArgs) => new LSTM({ ...o, peephole: true }),
    // 0.8 clips gate inputs here but never |c|: onnxruntime does not clip c before tanh (see below).
    'LSTM cellClip': (o: RecurrentArgs) => new LSTM({ ...o, cellClip: 0.8 }),
    'GRU resetAfter': (o: RecurrentArgs) => new GRU(o),
    'GRU reset before': (o: RecurrentArgs) => new GRU({ ...o, resetAfter: false }),
  };
  for (const [kind, make] of Object.entries(kinds)) {
    for (const numLayers of [1, 2]) {
      for (const bidirectional of [false, true]) {
        cases.push({ name: `${kind}, ${numLayers} layer(s), ${bidirectional ? 'bi' : 'uni'}directional`, input: 'float', build: (generator) => make({ inputSize: F, hiddenSize: H, numLayers, bidirectional, generator }) });
      }
    }
    cases.push({ name: `${kind}, bidirectional, sequence lengths`, input: 'float', lengths: [5, 3, 1, 4], options: { sequenceLengths: true }, build: (generator) => make({ inputSize: F, hiddenSize: H, numLayers: 2, bidirectional: true, generator }) });
  }
  return cases;
};

interface RecurrentArgs {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers?: number;
  readonly bidirectional?: boolean;
  readonly generator: Generator;
}

export const layerCases: Case[] = [
  { name: 'LSTM batchFirst', input: 'float', build: (generator) => new LSTM({ inputSize: F, hiddenSize: H, batchFirst: true, generator }) },
  { name: 'GRU bidirectional batchFirst, 2 layers', input: 'float', build: (generator) => new GRU({ inputSize: F, hiddenSize: H, numLayers: 2, bidirectional: true, batchFirst: true, generator }) },
  { name: 'LSTM returnSequences false', input: 'float', build: (generator) => new LSTM({ inputSize: F, hiddenSize: H, numLayers: 2, returnSequences: false, generator }) },
  { name: 'GRU bidirectional returnSequences false', input: 'float', build: (generator) => new GRU({ inputSize: F, hiddenSize: H, bidirectional: true, returnSequences: false, generator }) },
  { name: 'LSTM goBackwards, 2 layers', input: 'float', build: (generator) => new LSTM({ inputSize: F, hiddenSize: H, numLayers: 2, goBackwards: true, generator }) },
  { name: 'RNN goBackwards returnSequences false', input: 'float', build: (generator) => new RNN({ inputSize: F, hiddenSize: H, goBackwards: true, returnSequences: false, generator }) },
  { name: 'GRU bidirectional mergeMode ave at opset 18 (Split num_outputs)', input: 'float', options: { opset: 18 }, build: (generator) => new GRU({ inputSize: F, hiddenSize: H, bidirectional: true, mergeMode: 'ave', generator }) },
  { name: 'LSTM bidirectional mergeMode mul at opset 21', input: 'float', options: { opset: 21 }, build: (generator) => new LSTM({ inputSize: F, hiddenSize: H, bidirectional: true, mergeMode: 'mul', generator }) },
  { name: 'LSTM float64 (weights rounded to float32 in the file)', input: 'float', build: (generator) => new LSTM({ inputSize: F, hiddenSize: H, numLayers: 2, dtype: 'float64', generator }) },
  { name: 'LSTM without bias', input: 'float', build: (generator) => new LSTM({ inputSize: F, hiddenSize: H, bias: false, bidirectional: true, generator }) },
  ...(['sum', 'mul', 'ave', 'none'] as const).flatMap((mergeMode): Case[] => [
    { name: `LSTM bidirectional mergeMode ${mergeMode}, 2 layers`, input: 'float', build: (generator) => new LSTM({ inputSize: F, hiddenSize: H, numLayers: 2, bidirectional: true, mergeMode, generator }) },
    { name: `GRU bidirectional mergeMode ${mergeMode}, batchFirst`, input: 'float', build: (generator) => new GRU({ inputSize: F, hiddenSize: H, bidirectional: true, batchFirst: true, mergeMode, generator }) },
    { name: `RNN bidirectional mergeMode ${mergeMode}, returnSequences false`, input: 'float', build: (generator) => new RNN({ inputSize: F, hiddenSize: H, bidirectional: true, returnSequences: false, mergeMode, generator }) },
  ]),
  ...(['linear', 'relu', 'tanh', 'sigmoid', 'softmax'] as const).map((activation): Case => ({ name: `Dense ${activation}`, input: 'float2d', build: (generator) => new Dense({ inFeatures: F, outFeatures: H, activation, generator }) })),
  { name: 'Dense without bias on [T, B, F]', input: 'float', build: (generator) => new Dense({ inFeatures: F, outFeatures: H, bias: false, generator }) },
  { name: 'Embedding', input: 'ids', build: (generator) => new Embedding({ numEmbeddings: V, embeddingDim: F, generator }) },
  { name: 'TimeDistributed(Dense)', input: 'float', build: (generator) => new TimeDistributed(new Dense({ inFeatures: F, outFeatures: H, activation: 'tanh', generator })) },
  {
    name: 'Sequential [Embedding, LSTM, Dense softmax]',
    input: 'ids',
    build: (generator) => new Sequential([new Embedding({ numEmbeddings: V, embeddingDim: F, generator }), new LSTM({ inputSize: F, hiddenSize: H, generator }), new Dense({ inFeatures: H, outFeatures: V, activation: 'softmax', generator })]),
  },
  {
    name: 'Sequential [LSTM bidirectional, Dropout, GRU, TimeDistributed(Dense)]',
    input: 'float',
    build: (generator) =>
      new Sequential([
        new LSTM({ inputSize: F, hiddenSize: H, bidirectional: true, generator }),
        new Dropout({ rate: 0.5, generator }),
        new GRU({ inputSize: 2 * H, hiddenSize: H, generator }),
        new TimeDistributed(new Dense({ inFeatures: H, outFeatures: 2, generator })),
      ]),
  },
  { name: 'LanguageModel one-hot, 2-layer LSTM', input: 'ids', build: (generator) => new LanguageModel({ vocabSize: V, rnn: new LSTM({ inputSize: V, hiddenSize: H, numLayers: 2, generator }), dropout: 0.2, generator }) },
  { name: 'LanguageModel embedding, GRU', input: 'ids', build: (generator) => new LanguageModel({ vocabSize: V, embeddingDim: F, rnn: new GRU({ inputSize: F, hiddenSize: H, generator }), generator }) },
];

/**
 * Our outputs under the graph's output names, for `x` (and `lengths`): `output` is what
 * `forward` returns, the states what `call` returns. All of them are the caller's to dispose.
 */
export function ours(model: Module, x: Tensor, lengths: readonly number[] | undefined): Record<string, Tensor> {
  if (model instanceof LanguageModel || isRecurrent(model)) {
    const { state, ...rest } = model.call(x, lengths ? { lengths } : {});
    let output = 'logits' in rest ? rest.logits : rest.output;
    if (isRecurrent(model) && !model.returnSequences) {
      // call returns every step; the graph's output is forward's last step.
      output.dispose();
      output = model.forward(x);
    }
    const results: Record<string, Tensor> = { output, state_h: state[0]! };
    if (state[1] !== undefined) results.state_c = state[1];
    return results;
  }
  return { output: model.forward(x) };
}

export const isRecurrent = (model: Module): model is Recurrent => 'numLayers' in model && 'directions' in model;

/** The input, laid out as `model` reads it. */
export function inputFor(model: Module, kind: Case['input'], seed: number): { feed: Feed; tensor: Tensor } {
  if (kind === 'ids') return randomIds([T, B], V, seed);
  if (kind === 'float2d') return randomInput([B, F], seed);
  const batchFirst = isRecurrent(model) && model.batchFirst;
  return randomInput(batchFirst ? [B, T, F] : [T, B, F], seed);
}

