/**
 * Any exportable module as ONNX nodes: the recurrent layers (export-recurrent.ts) and the
 * feed-forward ones around them. Each exporter reads one value and returns the value it made.
 */
import { Dense, Dropout, Embedding, LanguageModel, Recurrent, Sequential, TimeDistributed, type Activation, type Module } from '@rnn/layers';
import { UnsupportedModelError } from '../errors.js';
import { childPath, displayPath, float32Values, type ExportContext, type GraphValue } from './export-context.js';
import { exportRecurrent } from './export-recurrent.js';

/** A module's output, and the final recurrent states when the module is (or ends in) one recurrent layer. */
export interface ModuleExport {
  readonly output: GraphValue;
  readonly states: readonly string[];
}

/** Keras's activation names → ONNX ops ('linear' has none). */
const ACTIVATION_OPS: Readonly<Record<Exclude<Activation, 'linear'>, string>> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax' };

/** A module's config type for messages; a module that cannot even describe itself is "a custom module". */
function typeName(module: Module): string {
  try {
    return module.toConfig().type;
  } catch {
    return 'a custom module';
  }
}

const withLastDim = (value: GraphValue, size: number): GraphValue['dims'] => (value.dims === null ? null : [...value.dims.slice(0, -1), size]);

/** `x · weightᵀ + bias`, then the activation: MatMul with the transposed weight stored, Add, one op. */
function exportDense(dense: Dense, path: string, x: GraphValue, { graph }: ExportContext): GraphValue {
  const base = path === '' ? 'Dense' : path;
  const weight = float32Values(dense.weight);
  // Stored [in, out] so MatMul needs no Transpose: x [..., in] · Wᵀ.
  const transposed = new Float32Array(weight.length);
  for (let o = 0; o < dense.outFeatures; o++) for (let i = 0; i < dense.inFeatures; i++) transposed[i * dense.outFeatures + o] = weight[o * dense.inFeatures + i]!;
  let y = graph.node('MatMul', `${base}/MatMul`, [x.name, graph.floats(`${base}.weight_T`, [dense.inFeatures, dense.outFeatures], transposed)], [`${base}_matmul`])[0]!;
  if (dense.bias !== null) y = graph.node('Add', `${base}/Add`, [y, graph.floats(`${base}.bias`, [dense.outFeatures], float32Values(dense.bias))], [`${base}_add`])[0]!;
  if (dense.activation !== 'linear') {
    const op = ACTIVATION_OPS[dense.activation];
    y = graph.node(op, `${base}/${op}`, [y], [`${base}_${dense.activation}`], op === 'Softmax' ? { axis: { int: -1 } } : {})[0]!;
  }
  return { name: y, dims: withLastDim(x, dense.outFeatures) };
}

/** A row lookup: Gather over the table's first axis. */
function exportEmbedding(embedding: Embedding, path: string, ids: GraphValue, { graph }: ExportContext): GraphValue {
  const base = path === '' ? 'Embedding' : path;
  const table = graph.floats(`${base}.weight`, [embedding.numEmbeddings, embedding.embeddingDim], float32Values(embedding.weight));
  const name = graph.node('Gather', `${base}/Gather`, [table, ids.name], [`${base}_rows`], { axis: { int: 0 } })[0]!;
  return { name, dims: ids.dims === null ? null : [...ids.dims, embedding.embeddingDim] };
}

/** Dropout is the identity at inference; an Identity node keeps its place so import can rebuild it. */
function exportDropout(path: string, x: GraphValue, { graph }: ExportContext): GraphValue {
  const base = path === '' ? 'Dropout' : path;
  return { name: graph.node('Identity', `${base}/Dropout`, [x.name], [`${base}_identity`])[0]!, dims: x.dims };
}

/** Ids → one-hot rows (OneHot), or the embedding's; then the recurrent layer; then the head. */
function exportLanguageModel(model: LanguageModel, path: string, ids: GraphValue, context: ExportContext): ModuleExport {
  const { graph } = context;
  const base = path === '' ? 'LanguageModel' : path;
  const vectors =
    model.embedding === null
      ? {
          name: graph.node('OneHot', `${base}/OneHot`, [ids.name, graph.int32Scalar(model.vocabSize), graph.floatConstant([0, 1], [2])], [`${base}_one_hot`], { axis: { int: -1 } })[0]!,
          dims: ids.dims === null ? null : [...ids.dims, model.vocabSize],
        }
      : exportEmbedding(model.embedding, childPath(path, 'embedding'), ids, context);
  const { output, states } = exportRecurrent(model.rnn, childPath(path, 'rnn'), vectors, context);
  const dropped = exportDropout(childPath(path, 'dropout'), output, context);
  return { output: exportDense(model.head, childPath(path, 'head'), dropped, context), states };
}

/**
 * Emits `module` (at module path `path`) reading `x`. Throws UnsupportedModelError naming the
 * path of the first module ONNX (or this exporter) cannot express.
 *
 * @example
 * const { output } = exportModule(new Sequential([embedding, lstm]), '', { name: 'input', dims: ['time', 'batch'] }, context);
 */
export function exportModule(module: Module, path: string, x: GraphValue, context: ExportContext): ModuleExport {
  if (module instanceof Recurrent) return exportRecurrent(module, path, x, context);
  if (module instanceof Dense) return { output: exportDense(module, path, x, context), states: [] };
  if (module instanceof Embedding) return { output: exportEmbedding(module, path, x, context), states: [] };
  if (module instanceof Dropout) return { output: exportDropout(path, x, context), states: [] };
  if (module instanceof LanguageModel) return exportLanguageModel(module, path, x, context);
  if (module instanceof TimeDistributed) {
    // MatMul broadcasts over every leading axis, so a Dense needs no folding of time into batch.
    if (!(module.layer instanceof Dense)) {
      throw new UnsupportedModelError('onnx', displayPath(childPath(path, 'layer')), `TimeDistributed is exported around a Dense only, not ${typeName(module.layer)}`);
    }
    return { output: exportDense(module.layer, childPath(path, 'layer'), x, context), states: [] };
  }
  if (module instanceof Sequential) {
    if (module.layers.length === 0) throw new UnsupportedModelError('onnx', displayPath(path), 'an empty Sequential has no graph');
    let result: ModuleExport = { output: x, states: [] };
    module.layers.forEach((layer, i) => {
      result = exportModule(layer, childPath(path, String(i)), result.output, context);
    });
    // States are a graph output only for a bare recurrent layer or a language model.
    return { output: result.output, states: [] };
  }
  throw new UnsupportedModelError('onnx', displayPath(path), `${typeName(module)} has no ONNX export (supported: RNN, LSTM, GRU, Dense, Embedding, Dropout, TimeDistributed(Dense), Sequential, LanguageModel)`);
}
