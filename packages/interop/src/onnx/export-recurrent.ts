/**
 * RNN, LSTM and GRU layers as ONNX recurrent nodes: one node per stacked layer (both directions
 * in one node), the directions merged and the layout restored with Transpose/Reshape/Squeeze,
 * the weights packed in ONNX's gate order. onnxruntime refuses the `layout` attribute
 * ("Batchwise recurrent operations (layout == 1) are not supported"), so batchFirst is a
 * Transpose on each side.
 */
import { GRU, LSTM, RNN, type MergeMode, type Recurrent } from '@rnn/layers';
import { UnsupportedModelError } from '../errors.js';
import { displayPath, float32Values, type Dim, type ExportContext, type GraphValue } from './export-context.js';
import { GATE_COUNT } from '../gate-count.js';
import { PEEPHOLE_ORDER, reorderGates, type RecurrentOp } from './gate-layout.js';
import type { AttributeValue } from './graph-builder.js';

/** What a recurrent layer leaves in the graph: its output and its final states, our layout. */
export interface RecurrentExport {
  readonly output: GraphValue;
  /** [numLayers·directions, batch, hiddenSize] each: h, and c for an LSTM. */
  readonly states: readonly string[];
}

function recurrentOp(layer: Recurrent, path: string): RecurrentOp {
  if (layer instanceof LSTM) {
    const refused = [
      layer.projSize > 0 && `projSize ${layer.projSize} (ONNX's LSTM has no projection)`,
      layer.variant !== 'vanilla' && `variant '${layer.variant}' (ONNX's LSTM is the vanilla LSTM)`,
      layer.blockSize > 1 && `blockSize ${layer.blockSize} (ONNX's LSTM has one gate per cell)`,
    ].filter((reason) => reason !== false);
    if (refused.length > 0) throw new UnsupportedModelError('onnx', displayPath(path), `LSTM option ${refused.join(', ')} cannot be expressed`);
    return 'LSTM';
  }
  if (layer instanceof GRU) return 'GRU';
  if (layer instanceof RNN) return 'RNN';
  throw new UnsupportedModelError('onnx', displayPath(path), `${layer.constructor.name} is not an RNN, LSTM or GRU; ONNX has no node for its cell`);
}

/** Every stacked layer's node attributes. */
function attributes(layer: Recurrent, op: RecurrentOp): Record<string, AttributeValue> {
  const direction = layer.directions === 2 ? 'bidirectional' : layer.goBackwards ? 'reverse' : 'forward';
  const hiddenSize = layer.cells[0]!.stateSizes[0]!;
  const common: Record<string, AttributeValue> = { hidden_size: { int: hiddenSize }, direction: { string: direction } };
  if (layer instanceof RNN) return { ...common, activations: { strings: Array<string>(layer.directions).fill(layer.nonlinearity === 'relu' ? 'Relu' : 'Tanh') } };
  if (layer instanceof GRU) return { ...common, linear_before_reset: { int: layer.resetAfter ? 1 : 0 } };
  if (op === 'LSTM' && layer instanceof LSTM && layer.cellClip !== null) return { ...common, clip: { float: layer.cellClip } };
  return common;
}

/** [directions, rows, …] from per-direction parameters, each in ONNX's gate order. */
function stacked(values: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(values.reduce((n, v) => n + v.length, 0));
  let offset = 0;
  for (const v of values) {
    out.set(v, offset);
    offset += v.length;
  }
  return out;
}

/** The W, R, B and P inputs of layer `l` (B and P '' when the layer has none). */
function layerWeights(layer: Recurrent, op: RecurrentOp, l: number, path: string, context: ExportContext): string[] {
  const params = layer.stateDict();
  const hiddenSize = layer.cells[0]!.stateSizes[0]!;
  const rows = GATE_COUNT[op] * hiddenSize;
  const inputSize = layer.cells[l]!.inputSize;
  const suffixes = layer.directions === 2 ? [`_l${l}`, `_l${l}_reverse`] : [`_l${l}`];
  const get = (name: string): Float32Array => float32Values(params[name]!);
  const gates = (name: string): Float32Array => reorderGates(op, get(name), hiddenSize, { toOnnx: true });
  const dirs = suffixes.length;
  const prefix = path === '' ? '' : `${path}.`;
  const { graph } = context;
  const w = graph.floats(`${prefix}W_l${l}`, [dirs, rows, inputSize], stacked(suffixes.map((s) => gates(`weight_ih${s}`))));
  const r = graph.floats(`${prefix}R_l${l}`, [dirs, rows, hiddenSize], stacked(suffixes.map((s) => gates(`weight_hh${s}`))));
  const hasBias = `bias_ih${suffixes[0]!}` in params;
  const b = hasBias ? graph.floats(`${prefix}B_l${l}`, [dirs, 2 * rows], stacked(suffixes.flatMap((s) => [gates(`bias_ih${s}`), gates(`bias_hh${s}`)]))) : '';
  const peephole = layer instanceof LSTM && layer.peephole;
  const p = peephole ? graph.floats(`${prefix}P_l${l}`, [dirs, 3 * hiddenSize], stacked(suffixes.flatMap((s) => PEEPHOLE_ORDER.map((name) => get(`${name}${s}`))))) : '';
  return [w, r, b, p];
}

/**
 * Our merge of a node's two directions, from ONNX's direction axis `axis` of `value`
 * (Y [T, 2, B, H]: axis 1; Y_h [2, B, H]: axis 0). The result drops that axis.
 */
function mergeDirections(mode: MergeMode, value: string, axis: 1 | 0, name: string, context: ExportContext): string {
  const { graph } = context;
  if (mode === 'concat') {
    const [moved] = graph.node('Transpose', `${name}/directions_last`, [value], [`${name}_moved`], { perm: { ints: axis === 1 ? [0, 2, 1, 3] : [1, 0, 2] } });
    return graph.node('Reshape', `${name}/concat_directions`, [moved!, graph.int64s(axis === 1 ? [0, 0, -1] : [0, -1])], [`${name}_concat`])[0]!;
  }
  const splitAttributes: Record<string, AttributeValue> = { axis: { int: axis }, ...(context.opset >= 18 ? { num_outputs: { int: 2 } } : {}) };
  const [forward, backward] = graph.node('Split', `${name}/split_directions`, [value], [`${name}_forward`, `${name}_backward`], splitAttributes);
  const combined =
    mode === 'mul'
      ? graph.node('Mul', `${name}/mul_directions`, [forward!, backward!], [`${name}_mul`])[0]!
      : graph.node('Add', `${name}/sum_directions`, [forward!, backward!], [`${name}_sum`])[0]!;
  const merged = mode === 'ave' ? graph.node('Div', `${name}/ave_directions`, [combined, graph.floatConstant([2], [])], [`${name}_ave`])[0]! : combined;
  return graph.node('Squeeze', `${name}/drop_direction_axis`, [merged, graph.int64s([axis])], [`${name}_merged`])[0]!;
}

/**
 * Emits `layer` (module path `path`) reading `input`, laid out as the layer takes it.
 *
 * @example
 * const { output, states } = exportRecurrent(lstm, '0', { name: 'input', dims: ['time', 'batch', 8] }, context);
 */
export function exportRecurrent(layer: Recurrent, path: string, input: GraphValue, context: ExportContext): RecurrentExport {
  const op = recurrentOp(layer, path);
  if (layer.goBackwards && layer.directions === 2) {
    throw new UnsupportedModelError('onnx', displayPath(path), 'goBackwards on a bidirectional layer swaps its directions, which ONNX cannot express');
  }
  if (layer.goBackwards && context.sequenceLens !== '') {
    throw new UnsupportedModelError('onnx', displayPath(path), "goBackwards reverses the padded sequence, while ONNX's reverse direction with sequence_lens reverses each entry within its length");
  }
  const { graph } = context;
  const base = path === '' ? op : path;
  const hiddenSize = layer.cells[0]!.stateSizes[0]!;
  const dirs = layer.directions;
  const [time, batch]: [Dim, Dim] = input.dims === null ? ['time', 'batch'] : layer.batchFirst ? [input.dims[1]!, input.dims[0]!] : [input.dims[0]!, input.dims[1]!];
  let x = layer.batchFirst ? graph.node('Transpose', `${base}/time_major`, [input.name], [`${base}_time_major`], { perm: { ints: [1, 0, 2] } })[0]! : input.name;
  const finalH: string[] = [];
  const finalC: string[] = [];
  let sequences = '';
  for (let l = 0; l < layer.numLayers; l++) {
    const [w, r, b, p] = layerWeights(layer, op, l, path, context);
    const inputs = [x, w!, r!, b!, context.sequenceLens, '', ''];
    if (p !== '') inputs.push(p!);
    const outputs = op === 'LSTM' ? [`${base}_Y_l${l}`, `${base}_Y_h_l${l}`, `${base}_Y_c_l${l}`] : [`${base}_Y_l${l}`, `${base}_Y_h_l${l}`];
    const [y, yH, yC] = graph.node(op, `${base}/${op}_l${l}`, inputs, outputs, attributes(layer, op));
    finalH.push(yH!);
    if (yC !== undefined) finalC.push(yC);
    sequences = y!;
    const last = l === layer.numLayers - 1;
    if (last) break;
    // Inner layers always pass both directions on concatenated, as PyTorch stacks them.
    x = dirs === 1 ? graph.node('Squeeze', `${base}/drop_direction_axis_l${l}`, [y!, graph.int64s([1])], [`${base}_out_l${l}`])[0]! : mergeDirections('concat', y!, 1, `${base}_l${l}`, context);
  }
  const outputSize = layer.outputSize;
  const states = [finalH, finalC].filter((list) => list.length > 0).map((list, k) => graph.node('Concat', `${base}/final_${k === 0 ? 'h' : 'c'}`, list, [`${base}_state_${k === 0 ? 'h' : 'c'}`], { axis: { int: 0 } })[0]!);
  const mode = layer.mergeMode;
  if (!layer.returnSequences) {
    // The last step's h is the last layer's Y_h: forward's last step, backward's first.
    const yH = finalH[finalH.length - 1]!;
    const name =
      dirs === 1 ? graph.node('Squeeze', `${base}/last_step`, [yH, graph.int64s([0])], [`${base}_last_step`])[0]! : mode === 'none' ? yH : mergeDirections(mode, yH, 0, `${base}_last_step`, context);
    return { output: { name, dims: dirs === 2 && mode === 'none' ? [2, batch, hiddenSize] : [batch, outputSize] }, states };
  }
  if (dirs === 2 && mode === 'none') {
    // Ours: [2, T, B, H] (or [2, B, T, H]); ONNX's Y: [T, 2, B, H].
    const perm = layer.batchFirst ? [1, 2, 0, 3] : [1, 0, 2, 3];
    const name = graph.node('Transpose', `${base}/directions_first`, [sequences], [`${base}_directions_first`], { perm: { ints: perm } })[0]!;
    return { output: { name, dims: layer.batchFirst ? [2, batch, time, hiddenSize] : [2, time, batch, hiddenSize] }, states };
  }
  const merged = dirs === 1 ? graph.node('Squeeze', `${base}/drop_direction_axis`, [sequences, graph.int64s([1])], [`${base}_sequences`])[0]! : mergeDirections(mode, sequences, 1, base, context);
  if (!layer.batchFirst) return { output: { name: merged, dims: [time, batch, outputSize] }, states };
  const name = graph.node('Transpose', `${base}/batch_first`, [merged], [`${base}_batch_first`], { perm: { ints: [1, 0, 2] } })[0]!;
  return { output: { name, dims: [batch, time, outputSize] }, states };
}
