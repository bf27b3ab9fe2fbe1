/** `exportOnnx`: a model as an ONNX file that onnxruntime runs. */
import { ArgumentError } from '@rnn/tensor';
import { Dense, Embedding, LanguageModel, Recurrent, Sequential, TimeDistributed, type Module } from '@rnn/layers';
import { UnsupportedModelError } from '../errors.js';
import type { Dim } from './export-context.js';
import { exportModule } from './export-module.js';
import { GraphBuilder } from './graph-builder.js';
import { CONFIG_KEY } from './metadata.js';
import { DATA_TYPE, onnx, type OnnxTypes } from './proto.js';

export interface ExportOnnxOptions {
  /** Adds an int32 `sequence_lens` [batch] graph input, fed to every recurrent node (default false). */
  readonly sequenceLengths?: boolean;
  /**
   * The ONNX opset (default 13, the lowest with everything the exporter emits: Squeeze's axes
   * as an input and Softmax over one axis). 13 to 21 are accepted.
   */
  readonly opset?: number;
  /** The file's producer_name (default '@rnn/interop'). */
  readonly producerName?: string;
}

export const DEFAULT_OPSET = 13;
const MAX_OPSET = 21;

/** What the graph's `input` holds: float vectors or int32 ids, with dims where they are fixed. */
interface InputSpec {
  readonly elemType: number;
  readonly dims: readonly Dim[] | null;
}

/** The layout a recurrent layer reads: [time, batch, F] or, batch-first, [batch, time, F]. */
const sequenceDims = (layer: Recurrent, features: Dim[]): Dim[] => (layer.batchFirst ? ['batch', 'time', ...features] : ['time', 'batch', ...features]);

function inputSpec(module: Module, next: Module | undefined): InputSpec {
  const float = DATA_TYPE.float;
  if (module instanceof Recurrent) return { elemType: float, dims: sequenceDims(module, [module.inputSize]) };
  if (module instanceof LanguageModel) return { elemType: DATA_TYPE.int32, dims: ['time', 'batch'] };
  // Ids for an embedding are int32 (what our Embedding takes; onnxruntime's Gather takes int32 or int64).
  if (module instanceof Embedding) return { elemType: DATA_TYPE.int32, dims: next instanceof Recurrent ? sequenceDims(next, []) : null };
  if (module instanceof TimeDistributed) return { elemType: float, dims: module.layer instanceof Dense ? ['time', 'batch', module.layer.inFeatures] : null };
  if (module instanceof Sequential && module.layers.length > 0) return inputSpec(module.layers[0]!, module.layers[1]);
  // A Dense takes any rank.
  return { elemType: float, dims: null };
}

const hasRecurrent = (module: Module): boolean => module.modules().some((m) => m instanceof Recurrent);

function valueInfo(name: string, elemType: number, dims: readonly Dim[] | null): OnnxTypes.IValueInfoProto {
  const shape = dims === null ? {} : { shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } };
  return { name, type: { tensorType: { elemType, ...shape } } };
}

/**
 * Exports `model` as ONNX bytes (opset 13 by default) that onnxruntime runs with the same
 * results. The graph reads `input` — float [time, batch, features] for a recurrent layer
 * ([batch, time, features] when it is batchFirst), int32 token ids for an Embedding or a
 * LanguageModel — and optionally `sequence_lens` (int32 [batch]); it writes `output` (what
 * `forward` returns) and, for a bare RNN/LSTM/GRU or a LanguageModel, the final states
 * `state_h` (and `state_c` for an LSTM) as `call` returns them, [numLayers·directions, batch,
 * hiddenSize]. Batch and time are symbolic dims. Weights are stored as float32: a float64
 * model is rounded. The model's `toConfig()` is kept in metadata (`rnn.config`) so
 * {@link importOnnx} rebuilds it exactly. Runs in eval semantics (dropout is the identity) and
 * reads the weights synchronously, so the parameters must live on a backend with sync reads.
 *
 * Exportable: RNN (tanh, relu), LSTM (peephole, cellClip), GRU (resetAfter either way), stacked,
 * bidirectional with any mergeMode, batchFirst, returnSequences false, goBackwards
 * (one direction, no sequenceLengths); Dense, Embedding, Dropout, TimeDistributed(Dense),
 * Sequential of these, LanguageModel. Anything else throws UnsupportedModelError naming the
 * module path.
 *
 * @example
 * import { Generator } from '@rnn/tensor';
 * import { LSTM } from '@rnn/layers';
 * const lstm = new LSTM({ inputSize: 8, hiddenSize: 16, bidirectional: true, generator: new Generator(0) });
 * const bytes = exportOnnx(lstm, { sequenceLengths: true });
 * // onnxruntime: session.run({ input, sequence_lens }) → { output, state_h, state_c }
 */
export function exportOnnx(model: Module, options: ExportOnnxOptions = {}): Uint8Array {
  const { sequenceLengths = false, opset = DEFAULT_OPSET, producerName = '@rnn/interop' } = options;
  if (!Number.isInteger(opset) || opset < DEFAULT_OPSET || opset > MAX_OPSET) {
    throw new ArgumentError('exportOnnx', 'opset', `must be an integer in [${DEFAULT_OPSET}, ${MAX_OPSET}], got ${opset}`);
  }
  if (sequenceLengths && !hasRecurrent(model)) throw new UnsupportedModelError('onnx', '(root)', 'sequenceLengths needs a recurrent layer to feed');
  const graph = new GraphBuilder();
  for (const name of ['input', 'output', 'state_h', 'state_c', 'sequence_lens']) graph.reserve(name);
  const spec = inputSpec(model, undefined);
  const sequenceLens = sequenceLengths ? 'sequence_lens' : '';
  const { output, states } = exportModule(model, '', { name: 'input', dims: spec.dims }, { graph, opset, sequenceLens });
  graph.renameValue(output.name, 'output');
  const stateNames = ['state_h', 'state_c'].slice(0, states.length);
  states.forEach((state, k) => {
    graph.renameValue(state, stateNames[k]!);
  });
  const recurrent = model instanceof Recurrent ? model : model instanceof LanguageModel ? model.rnn : null;
  const stateInfos = stateNames.map((name, k) => valueInfo(name, DATA_TYPE.float, recurrent === null ? null : [recurrent.numLayers * recurrent.directions, 'batch', recurrent.cells[0]!.stateSizes[k]!]));
  const config = model.toConfig();
  const modelProto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    producerName,
    docString: `${config.type} exported by @rnn/interop`,
    metadataProps: [{ key: CONFIG_KEY, value: JSON.stringify(config) }],
    graph: {
      name: config.type,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo('input', spec.elemType, spec.dims), ...(sequenceLengths ? [valueInfo('sequence_lens', DATA_TYPE.int32, ['batch'])] : [])],
      output: [valueInfo('output', DATA_TYPE.float, output.dims), ...stateInfos],
    },
  });
  // A plain Uint8Array: under Node protobufjs writes a Buffer, whose slice() is a view, not a copy.
  return new Uint8Array(onnx.ModelProto.encode(modelProto).finish());
}
