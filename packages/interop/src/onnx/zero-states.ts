/**
 * PyTorch's exporter sizes the default zero initial states of nn.RNN/LSTM/GRU from the input at
 * run time: Shape → Gather → Unsqueeze → Concat → ConstantOfShape(0), sliced per layer, fed to
 * each node's initial_h/initial_c. An imported layer starts from zero states anyway, so such a
 * state means "no initial state" and the shape arithmetic behind it can be set aside — but only
 * once the zeros are proven, never assumed from the op names.
 */
import { isRecurrentOp, type GraphIndex } from './graph-index.js';
import { floatValues, nodeLocation, tensorAttribute, type OnnxNode } from './onnx-file.js';
import { DATA_TYPE } from './proto.js';

/** Ops that only compute shapes, or zero tensors of a computed shape, in torch's exports; shapeComputations decides where they are that. */
export const SHAPE_OPS: ReadonlySet<string> = new Set(['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'ConstantOfShape', 'Slice', 'Expand', 'Reshape']);
/** Ops whose output holds only values of their first input, so zeros in stay zeros out. */
const VALUE_PRESERVING = new Set(['Slice', 'Expand', 'Reshape', 'Unsqueeze', 'Squeeze']);
/** Recurrent node inputs that hold initial states: initial_h, initial_c. */
const STATE_INPUTS = new Set([5, 6]);

/** Whether `reader` reads `value` only where a shape or an initial state goes. */
function readsAsShapeOrState(reader: OnnxNode, value: string): boolean {
  return reader.input.every((name, slot) => name !== value || (isRecurrentOp(reader) && STATE_INPUTS.has(slot)) || (reader.opType === 'Reshape' && slot === 1));
}

/**
 * The nodes of `nodes` (in file order, which readOnnxFile checked is a topological order) that
 * are shape arithmetic off the data path: a shape op every reader of which is another such node,
 * a recurrent node's initial state input, or a Reshape's shape input. One pass from the last node
 * back decides each node after all its readers, so a hostile graph costs one visit per node.
 */
export function shapeComputations(nodes: readonly OnnxNode[], readersOf: (value: string) => readonly OnnxNode[], isGraphOutput: (value: string) => boolean): Set<OnnxNode> {
  const found = new Set<OnnxNode>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!SHAPE_OPS.has(node.opType)) continue;
    const outputs = node.output.filter((name) => name !== '');
    const read = outputs.some((name) => readersOf(name).length > 0);
    const offPath = outputs.every((name) => !isGraphOutput(name) && readersOf(name).every((reader) => found.has(reader) || readsAsShapeOrState(reader, name)));
    if (read && offPath) found.add(node);
  }
  return found;
}

const isAllZero = (values: Float32Array): boolean => values.every((v) => v === 0);

/** Why ConstantOfShape `node` does not fill with 0.0, or null when it does (its `value` is absent or zero). */
function nonZeroFill(graph: GraphIndex, node: OnnxNode): string | null {
  const value = tensorAttribute(graph.file, node, 'value');
  if (value === null) return null;
  if (value.dataType !== DATA_TYPE.float) return `${nodeLocation(node)} fills with data_type ${value.dataType}, not float32`;
  const fill = floatValues(value);
  return fill.length === 1 && isAllZero(fill) ? null : `${nodeLocation(node)} fills with [${Array.from(fill).join(', ')}]`;
}

/**
 * Why `value` is not provably all zeros, or null when it is: an all-zero float32 initializer
 * or Constant, or a ConstantOfShape of 0, through any Slice/Expand/Reshape/Unsqueeze/Squeeze.
 * The trace follows one producer per step and stops after as many steps as there are nodes.
 *
 * @example
 * nonZeroReason(graph, '/rnn/Slice_output_0'); // null for torch's default zero state
 */
export function nonZeroReason(graph: GraphIndex, value: string): string | null {
  let current = value;
  for (let steps = 0; steps <= graph.file.nodes.length; steps++) {
    const stored = graph.file.initializers.get(current);
    if (stored !== undefined) return stored.dataType === DATA_TYPE.float && isAllZero(floatValues(stored)) ? null : `initializer '${current}' is not all float32 zeros`;
    const producer = graph.producer(current);
    if (producer === null) return `'${current}' is a graph input`;
    if (producer.opType === 'ConstantOfShape') return nonZeroFill(graph, producer);
    if (!VALUE_PRESERVING.has(producer.opType)) return `${nodeLocation(producer)} computes it`;
    current = producer.input[0] ?? '';
  }
  return 'its producers loop back on themselves';
}
