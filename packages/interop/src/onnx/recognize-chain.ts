/**
 * `recognizeGraph`: walks a graph's one data path from its input and reads each stretch as a
 * module — recurrent stacks (recognize-recurrent.ts), MatMul+Add or Gemm (+ activation) as
 * Dense, Gather as Embedding, Identity as Dropout, OneHot as a language model's input — then
 * composes them: one module, a Sequential, or a LanguageModel.
 */
import type { Activation } from '@rnn/layers';
import { OnnxFormatError, UnsupportedModelError } from '../errors.js';
import { GraphIndex, isRecurrentOp } from './graph-index.js';
import { asLanguageModel } from './language-model-pattern.js';
import { floatInitializer, integerInitializer, nodeLocation, type OnnxFile, type OnnxNode } from './onnx-file.js';
import type { ChainItem, Recognized } from './recognized.js';
import { recognizeRecurrent } from './recognize-recurrent.js';
import { SHAPE_OPS } from './zero-states.js';

/** Every op the importer knows; any other is refused up front, naming the node. */
const KNOWN_OPS = new Set(['RNN', 'LSTM', 'GRU', 'Transpose', 'Reshape', 'Squeeze', 'Split', 'Add', 'Mul', 'Div', 'Concat', 'MatMul', 'Gemm', 'Gather', 'OneHot', 'Identity', 'Relu', 'Tanh', 'Sigmoid', 'Softmax', ...SHAPE_OPS]);
const ACTIVATIONS: Readonly<Record<string, Activation>> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid', Softmax: 'softmax' };

/** What one step of the walk read: a chain item, the value after it, and its feature size when known. */
interface Step {
  readonly item: ChainItem;
  readonly value: string;
  readonly features: number | null;
}

function checkFeatures(node: OnnxNode, expected: number | null, actual: number): void {
  if (expected !== null && expected !== actual) throw new OnnxFormatError(nodeLocation(node), `reads ${actual} features, but the layer before it gives ${expected}`);
}

/** MatMul (+ Add) or Gemm, then an optional activation, as one Dense. */
function recognizeDense(graph: GraphIndex, node: OnnxNode, features: number | null): Step {
  const at = nodeLocation(node);
  const weightName = node.input[1] ?? '';
  const stored = floatInitializer(graph.file, weightName);
  if (stored.dims.length !== 2) throw new OnnxFormatError(`initializer '${weightName}'`, `dims [${stored.dims.join(', ')}] must be 2-d for ${at}`);
  let [rows, cols] = stored.dims as [number, number];
  let weight = stored.data;
  let value = node.output[0] ?? '';
  let bias: { dims: readonly number[]; data: Float32Array; name: string } | null = null;
  // ONNX stores MatMul's B as [in, out] (and Gemm's without transB); ours is [out, in].
  const transposed = node.opType === 'MatMul' || graph.int(node, 'transB', 0) === 0;
  if (node.opType === 'Gemm') {
    if (graph.int(node, 'transA', 0) !== 0 || (graph.float(node, 'alpha') ?? 1) !== 1 || (graph.float(node, 'beta') ?? 1) !== 1) {
      throw new UnsupportedModelError('onnx', at, 'only Gemm with transA 0 and alpha = beta = 1 is a Dense');
    }
    const c = node.input[2] ?? '';
    if (c !== '') bias = { ...floatInitializer(graph.file, c), name: c };
  }
  if (transposed) {
    const out = new Float32Array(weight.length);
    for (let i = 0; i < rows; i++) for (let o = 0; o < cols; o++) out[o * rows + i] = weight[i * cols + o]!;
    weight = out;
    [rows, cols] = [cols, rows];
  }
  const [outFeatures, inFeatures] = [rows, cols];
  checkFeatures(node, features, inFeatures);
  let next = graph.next(value);
  if (node.opType === 'MatMul' && next?.opType === 'Add') {
    const other = next.input.find((name) => name !== value) ?? '';
    bias = { ...floatInitializer(graph.file, other), name: other };
    value = next.output[0] ?? '';
    next = graph.next(value);
  }
  if (bias !== null && !(bias.dims.length === 1 && bias.dims[0] === outFeatures)) {
    throw new OnnxFormatError(`initializer '${bias.name}'`, `dims [${bias.dims.join(', ')}] must be [${outFeatures}], the Dense's bias`);
  }
  let activation: Activation = 'linear';
  if (next !== null && next.opType in ACTIVATIONS) {
    if (next.opType === 'Softmax' && graph.int(next, 'axis', graph.file.opset >= 13 ? -1 : 1) !== -1) throw new UnsupportedModelError('onnx', nodeLocation(next), 'Softmax is imported over the last axis only (axis -1)');
    activation = ACTIVATIONS[next.opType]!;
    value = next.output[0] ?? '';
  }
  const weights = [{ dims: [outFeatures, inFeatures], data: weight, source: weightName }, ...(bias === null ? [] : [{ dims: [outFeatures], data: bias.data, source: bias.name }])];
  return { item: { config: { type: 'Dense', options: { inFeatures, outFeatures, bias: bias !== null, activation } }, weights }, value, features: outFeatures };
}

function recognizeEmbedding(graph: GraphIndex, node: OnnxNode, ids: string): Step {
  const tableName = node.input[0] ?? '';
  if (node.input[1] !== ids || graph.int(node, 'axis', 0) !== 0) throw new UnsupportedModelError('onnx', nodeLocation(node), 'only a Gather of rows (axis 0) of an initializer by the ids is an Embedding');
  const table = floatInitializer(graph.file, tableName);
  if (table.dims.length !== 2 || table.dims[0]! < 1 || table.dims[1]! < 1) throw new OnnxFormatError(`initializer '${tableName}'`, `dims [${table.dims.join(', ')}] must be [numEmbeddings, embeddingDim]`);
  const [numEmbeddings, embeddingDim] = table.dims as [number, number];
  return { item: { config: { type: 'Embedding', options: { numEmbeddings, embeddingDim } }, weights: [{ dims: table.dims, data: table.data, source: tableName }] }, value: node.output[0] ?? '', features: embeddingDim };
}

function recognizeOneHot(graph: GraphIndex, node: OnnxNode): Step {
  const [depth] = integerInitializer(graph.file, node.input[1] ?? '');
  const values = floatInitializer(graph.file, node.input[2] ?? '').data;
  if (depth === undefined || depth < 1 || values[0] !== 0 || values[1] !== 1 || graph.int(node, 'axis', -1) !== -1) {
    throw new UnsupportedModelError('onnx', nodeLocation(node), 'only OneHot over the last axis with values [0, 1] and a depth ≥ 1 is imported');
  }
  return { item: { oneHot: depth }, value: node.output[0] ?? '', features: depth };
}

/** The output size of a recognized recurrent layer (per direction for mergeMode 'none'). */
function recurrentFeatures(item: Recognized): number {
  const { hiddenSize, bidirectional, mergeMode } = item.config.options;
  return (hiddenSize as number) * (bidirectional === true && mergeMode === 'concat' ? 2 : 1);
}

function step(graph: GraphIndex, node: OnnxNode, value: string, features: number | null): Step {
  if (isRecurrentOp(node) || node.opType === 'Transpose') {
    const { recognized, value: after } = recognizeRecurrent(graph, node, features);
    return { item: recognized, value: after, features: recurrentFeatures(recognized) };
  }
  switch (node.opType) {
    case 'MatMul':
    case 'Gemm':
      if (node.input[0] !== value) break;
      return recognizeDense(graph, node, features);
    case 'Gather':
      return recognizeEmbedding(graph, node, value);
    case 'OneHot':
      return recognizeOneHot(graph, node);
    case 'Identity':
      return { item: { config: { type: 'Dropout', options: {} }, weights: [] }, value: node.output[0] ?? '', features };
  }
  throw new UnsupportedModelError('onnx', nodeLocation(node), `${node.opType} here is not part of a layer pattern the importer knows`);
}

/** The graph input that carries the data: `input`, else the first one no recurrent node reads as sequence_lens. */
function dataInput(file: OnnxFile): string {
  if (file.inputs.includes('input')) return 'input';
  const lengths = new Set(file.nodes.filter((n) => n.opType === 'RNN' || n.opType === 'LSTM' || n.opType === 'GRU').map((n) => n.input[4] ?? ''));
  const found = file.inputs.find((name) => !lengths.has(name));
  if (found === undefined) throw new OnnxFormatError('graph', 'has no data input');
  return found;
}

/**
 * The modules `file`'s graph shows, as chain items in order. Throws UnsupportedModelError
 * naming the node for an op or pattern outside what the importer reads.
 *
 * @example
 * const items = recognizeChain(readOnnxFile(bytes)); // [{ config: { type: 'LSTM', … }, weights }]
 */
export function recognizeChain(file: OnnxFile): ChainItem[] {
  const unknown = file.nodes.find((node) => !KNOWN_OPS.has(node.opType));
  if (unknown !== undefined) throw new UnsupportedModelError('onnx', nodeLocation(unknown), `op_type '${unknown.opType}' has no @rnn counterpart`);
  const graph = new GraphIndex(file);
  const items: ChainItem[] = [];
  let value = dataInput(file);
  let features: number | null = null;
  // Every step consumes at least one node, so the walk ends within the node count.
  for (let node = graph.next(value); node !== null; node = graph.next(value)) {
    const next = step(graph, node, value, features);
    items.push(next.item);
    value = next.value;
    features = next.features;
  }
  const dropped = graph.unvisited()[0];
  if (dropped !== undefined) throw new UnsupportedModelError('onnx', nodeLocation(dropped), 'is off the chain of layers from the input; the importer would drop it');
  if (items.length === 0) throw new OnnxFormatError('graph', 'has no layers between its input and outputs');
  return items;
}

/**
 * One module config (with its weights) for a recognized chain: the single module, a
 * LanguageModel for a one-hot input, or a Sequential.
 *
 * @example
 * const { config, weights } = composeChain(recognizeChain(file));
 */
export function composeChain(items: readonly ChainItem[]): Recognized {
  const oneHotAt = items.findIndex((item) => 'oneHot' in item);
  if (oneHotAt >= 0) {
    const model = oneHotAt === 0 ? asLanguageModel(items) : null;
    if (model === null) throw new UnsupportedModelError('onnx', 'OneHot', 'is imported only as the input of a language model: OneHot, one recurrent layer (forward, time-major), a linear Dense head of vocabulary size');
    return model;
  }
  const modules = items as readonly Recognized[];
  if (modules.length === 1) return modules[0]!;
  return { config: { type: 'Sequential', options: { layers: modules.map((m) => m.config) } }, weights: modules.flatMap((m) => m.weights) };
}
