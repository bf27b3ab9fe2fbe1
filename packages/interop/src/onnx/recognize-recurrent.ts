/**
 * Reads a stack of RNN/LSTM/GRU nodes back into one recurrent layer config and its weights:
 * the patterns export-recurrent.ts emits (Transpose for batchFirst, Squeeze or
 * Transpose+Reshape between layers, the merge of the last layer's directions) — which are also
 * the ones torch.onnx.export emits — and a bare node whose Y is a graph output. Initial states
 * must be provably zero (zero-states.ts).
 */
import { OnnxFormatError, UnsupportedModelError } from '../errors.js';
import { GATE_COUNT } from '../gate-count.js';
import { reorderGates, type RecurrentOp } from './gate-layout.js';
import { isRecurrentOp, sameInts, type GraphIndex } from './graph-index.js';
import { floatInitializer, integerInitializer, nodeLocation, type OnnxNode } from './onnx-file.js';
import type { Recognized, Weight } from './recognized.js';
import { nonZeroReason } from './zero-states.js';

/** One node's cell options: every layer of a stack must agree on them. */
interface LayerSignature {
  readonly op: RecurrentOp;
  readonly hiddenSize: number;
  readonly direction: 'forward' | 'reverse' | 'bidirectional';
  readonly nonlinearity: 'tanh' | 'relu';
  readonly cellClip: number | null;
  readonly resetAfter: boolean;
  readonly bias: boolean;
  readonly peephole: boolean;
}

const DEFAULT_ACTIVATIONS: Readonly<Record<RecurrentOp, readonly string[]>> = { RNN: ['Tanh'], LSTM: ['Sigmoid', 'Tanh', 'Tanh'], GRU: ['Sigmoid', 'Tanh'] };

function signature(graph: GraphIndex, node: OnnxNode): LayerSignature {
  const op = node.opType as RecurrentOp;
  const at = nodeLocation(node);
  const hiddenSize = graph.int(node, 'hidden_size', 0);
  if (hiddenSize < 1) throw new OnnxFormatError(at, 'needs a hidden_size attribute ≥ 1');
  const direction = graph.string(node, 'direction') ?? 'forward';
  if (direction !== 'forward' && direction !== 'reverse' && direction !== 'bidirectional') throw new OnnxFormatError(at, `direction '${direction}' is not forward, reverse or bidirectional`);
  const dirs = direction === 'bidirectional' ? 2 : 1;
  if (graph.int(node, 'layout', 0) !== 0) throw new UnsupportedModelError('onnx', at, 'layout 1 (batch-major) is not imported; transpose around the node instead');
  if (graph.int(node, 'input_forget', 0) !== 0) throw new UnsupportedModelError('onnx', at, 'input_forget (coupled input and forget gates) has no @rnn LSTM option');
  if (graph.has(node, 'activation_alpha') || graph.has(node, 'activation_beta')) throw new UnsupportedModelError('onnx', at, 'activation_alpha/beta: only parameter-free activations are imported');
  const activations = graph.strings(node, 'activations');
  let nonlinearity: 'tanh' | 'relu' = 'tanh';
  if (activations !== null) {
    const expected = op === 'RNN' ? null : DEFAULT_ACTIVATIONS[op];
    const perDirection = expected?.length ?? 1;
    if (activations.length !== perDirection * dirs) throw new OnnxFormatError(at, `has ${activations.length} activations; ${op} takes ${perDirection} per direction`);
    if (expected !== null && !activations.every((a, i) => a.toLowerCase() === expected[i % perDirection]!.toLowerCase())) {
      throw new UnsupportedModelError('onnx', at, `activations [${activations.join(', ')}]: only ${op}'s defaults [${expected.join(', ')}] are imported`);
    }
    if (op === 'RNN') {
      const kinds = new Set(activations.map((a) => a.toLowerCase()));
      if (kinds.size !== 1 || !(kinds.has('tanh') || kinds.has('relu'))) throw new UnsupportedModelError('onnx', at, `activations [${activations.join(', ')}]: an RNN imports with Tanh or Relu, the same in both directions`);
      nonlinearity = kinds.has('relu') ? 'relu' : 'tanh';
    }
  }
  const clip = graph.float(node, 'clip');
  if (clip !== null && op !== 'LSTM') throw new UnsupportedModelError('onnx', at, `clip on ${op}: only the LSTM has a cell clip`);
  if (clip !== null && !(clip > 0 && Number.isFinite(clip))) throw new OnnxFormatError(at, `clip ${clip} must be a positive number`);
  for (const [slot, state] of [[5, 'initial_h'], [6, 'initial_c']] as const) {
    const value = node.input[slot] ?? '';
    const reason = value === '' ? null : nonZeroReason(graph, value);
    if (reason !== null) throw new UnsupportedModelError('onnx', at, `${state} '${value}' is not provably zero (${reason}): an imported layer starts from zero states (pass initialState to call instead)`);
  }
  const linearBeforeReset = graph.int(node, 'linear_before_reset', 0);
  return {
    op,
    hiddenSize,
    direction,
    nonlinearity,
    cellClip: clip,
    resetAfter: linearBeforeReset !== 0,
    bias: (node.input[3] ?? '') !== '',
    peephole: (node.input[7] ?? '') !== '',
  };
}

const sameSignature = (a: LayerSignature, b: LayerSignature): boolean => (Object.keys(a) as (keyof LayerSignature)[]).every((key) => a[key] === b[key]);

/** An initializer's values after checking its dims are exactly `dims`. */
function weightOf(graph: GraphIndex, node: OnnxNode, input: number, dims: readonly number[]): { dims: readonly number[]; data: Float32Array; name: string } {
  const name = node.input[input] ?? '';
  const tensor = floatInitializer(graph.file, name);
  if (!sameInts(tensor.dims, dims)) throw new OnnxFormatError(`initializer '${name}'`, `dims [${tensor.dims.join(', ')}] do not fit ${nodeLocation(node)}, which needs [${dims.join(', ')}]`);
  return { ...tensor, name };
}

/** The layer's parameters in our order: per direction weight_ih, weight_hh, biases, peepholes. */
function layerWeights(graph: GraphIndex, node: OnnxNode, s: LayerSignature, inputSize: number): Weight[] {
  const dirs = s.direction === 'bidirectional' ? 2 : 1;
  const H = s.hiddenSize;
  const rows = GATE_COUNT[s.op] * H;
  const w = weightOf(graph, node, 1, [dirs, rows, inputSize]);
  const r = weightOf(graph, node, 2, [dirs, rows, H]);
  const b = s.bias ? weightOf(graph, node, 3, [dirs, 2 * rows]) : null;
  const p = s.peephole ? weightOf(graph, node, 7, [dirs, 3 * H]) : null;
  const weights: Weight[] = [];
  const ours = (data: Float32Array): Float32Array => reorderGates(s.op, data, H, { toOnnx: false });
  for (let d = 0; d < dirs; d++) {
    weights.push({ dims: [rows, inputSize], data: ours(w.data.subarray(d * rows * inputSize, (d + 1) * rows * inputSize)), source: w.name });
    weights.push({ dims: [rows, H], data: ours(r.data.subarray(d * rows * H, (d + 1) * rows * H)), source: r.name });
    if (b !== null) {
      weights.push({ dims: [rows], data: ours(b.data.subarray(d * 2 * rows, d * 2 * rows + rows)), source: b.name });
      weights.push({ dims: [rows], data: ours(b.data.subarray(d * 2 * rows + rows, (d + 1) * 2 * rows)), source: b.name });
    }
    if (p !== null) {
      // ONNX's P: input, output, forget; ours: weight_ci, weight_cf, weight_co.
      const block = (k: number): Float32Array => p.data.slice(d * 3 * H + k * H, d * 3 * H + (k + 1) * H);
      weights.push({ dims: [H], data: block(0), source: p.name }, { dims: [H], data: block(2), source: p.name }, { dims: [H], data: block(1), source: p.name });
    }
  }
  return weights;
}

type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | 'none';

/**
 * Reads the merge of a node's directions from `value` (Y, direction axis 1; or Y_h, axis 0):
 * the mode and the merged value. For one direction, the Squeeze of the direction axis.
 */
function readMerge(graph: GraphIndex, value: string, axis: 0 | 1, dirs: number, batchFirst: boolean): { mode: MergeMode; value: string } {
  const first = graph.next(value);
  if (dirs === 1) {
    const squeeze = graph.expect(first, 'Squeeze', (n) => sameInts(graph.axes(n), [axis]), `a Squeeze of axis ${axis} after '${value}'`);
    return { mode: 'concat', value: squeeze.output[0]! };
  }
  if (first?.opType === 'Transpose') {
    const perm = graph.ints(first, 'perm');
    if (axis === 1 && sameInts(perm, batchFirst ? [1, 2, 0, 3] : [1, 0, 2, 3])) return { mode: 'none', value: first.output[0]! };
    graph.expect(first, 'Transpose', () => sameInts(perm, axis === 1 ? [0, 2, 1, 3] : [1, 0, 2]), `a Transpose bringing the directions of '${value}' next to the features`);
    const reshape = graph.expect(graph.next(first.output[0]!), 'Reshape', (n) => sameInts(integerInitializer(graph.file, n.input[1] ?? ''), axis === 1 ? [0, 0, -1] : [0, -1]), 'a Reshape concatenating the two directions');
    return { mode: 'concat', value: reshape.output[0]! };
  }
  const split = graph.expect(first, 'Split', (n) => graph.int(n, 'axis', 0) === axis && n.output.length === 2 && (n.input[1] ?? '') === '', `a Split of the directions of '${value}'`);
  const [forward, backward] = split.output as [string, string];
  // Both halves feed the one merge node, so the walk follows the forward half.
  const merge = graph.expect(graph.next(forward), graph.next(forward)?.opType === 'Mul' ? 'Mul' : 'Add', (n) => n.input.includes(backward), 'an Add or Mul of the two directions');
  let mode: MergeMode = merge.opType === 'Mul' ? 'mul' : 'sum';
  let merged = merge.output[0]!;
  const after = graph.next(merged);
  if (mode === 'sum' && after?.opType === 'Div') {
    const divisor = floatInitializer(graph.file, after.input[1] ?? '');
    if (divisor.data.length !== 1 || divisor.data[0] !== 2) throw new UnsupportedModelError('onnx', nodeLocation(after), 'expected a Div by 2 (the average of the directions)');
    mode = 'ave';
    merged = after.output[0]!;
  }
  const squeeze = graph.expect(graph.next(merged), 'Squeeze', (n) => sameInts(graph.axes(n), [axis]), `a Squeeze of axis ${axis} after merging the directions`);
  return { mode, value: squeeze.output[0]! };
}

/**
 * Reads the recurrent layer starting at `start` (its first node, or the Transpose before it).
 * Returns its config, its weights and the value the walk continues from.
 *
 * @example
 * const { recognized, value } = recognizeRecurrent(graph, node, 'input', 8);
 */
export function recognizeRecurrent(graph: GraphIndex, start: OnnxNode, inputSize: number | null): { recognized: Recognized; value: string } {
  let node = start;
  const batchFirst = start.opType === 'Transpose';
  if (batchFirst) {
    graph.expect(start, 'Transpose', (n) => sameInts(graph.ints(n, 'perm'), [1, 0, 2]), 'a Transpose [1, 0, 2] to time-major before a recurrent node');
    node = graph.expect(graph.next(start.output[0]!), graph.next(start.output[0]!)?.opType ?? 'LSTM', isRecurrentOp, 'an RNN, LSTM or GRU node after the Transpose');
  }
  const first = signature(graph, node);
  const dirs = first.direction === 'bidirectional' ? 2 : 1;
  const firstInput = floatInitializer(graph.file, node.input[1] ?? '').dims[2];
  const layerInput = inputSize ?? firstInput;
  if (layerInput === undefined || layerInput < 1) throw new OnnxFormatError(`initializer '${node.input[1] ?? ''}'`, 'must be [directions, gates·hidden_size, input_size] with input_size ≥ 1');
  const weights: Weight[] = [];
  const sequenceLens = node.input[4] ?? '';
  let numLayers = 0;
  // raw: Y is the graph output as the node wrote it, with no layout ops after it.
  let result: { mode: MergeMode; value: string; returnSequences: boolean; raw?: boolean };
  for (;;) {
    const s = numLayers === 0 ? first : signature(graph, node);
    if (!sameSignature(s, first)) throw new UnsupportedModelError('onnx', nodeLocation(node), 'stacked recurrent nodes must share op, hidden_size, direction, activations, clip and bias');
    if ((node.input[4] ?? '') !== sequenceLens) throw new UnsupportedModelError('onnx', nodeLocation(node), 'every stacked node must read the same sequence_lens');
    weights.push(...layerWeights(graph, node, s, numLayers === 0 ? layerInput : dirs * s.hiddenSize));
    numLayers++;
    const [y = '', yH = ''] = node.output;
    const yNext = y === '' ? null : graph.next(y);
    if (yNext === null) {
      // A graph output Y as it is: a bare node's [T, directions, B, H]; else only Y_h is read on.
      if (y !== '' && graph.isGraphOutput(y)) {
        result = { mode: 'concat', value: y, returnSequences: true, raw: true };
      } else if (yH !== '' && graph.next(yH) === null) {
        result = { mode: dirs === 2 ? 'none' : 'concat', value: yH, returnSequences: false };
      } else {
        result = { ...readMerge(graph, yH, 0, dirs, batchFirst), returnSequences: false };
      }
      break;
    }
    const merged = readMerge(graph, y, 1, dirs, batchFirst);
    const following = graph.next(merged.value);
    if (merged.mode === 'concat' && following !== null && isRecurrentOp(following) && following.opType === first.op) {
      node = following;
      continue;
    }
    result = { ...merged, returnSequences: true };
    break;
  }
  let value = result.value;
  if (batchFirst && result.returnSequences && result.mode !== 'none' && result.raw !== true) {
    const back = graph.expect(graph.next(value), 'Transpose', (n) => sameInts(graph.ints(n, 'perm'), [1, 0, 2]), 'a Transpose back to batch-first after the recurrent layer');
    value = back.output[0]!;
  }
  const options = {
    inputSize: layerInput,
    hiddenSize: first.hiddenSize,
    numLayers,
    bias: first.bias,
    bidirectional: dirs === 2,
    batchFirst,
    mergeMode: result.mode,
    goBackwards: first.direction === 'reverse',
    returnSequences: result.returnSequences,
  };
  const config =
    first.op === 'LSTM'
      ? { type: 'LSTM', options: { ...options, projSize: 0, peephole: first.peephole, variant: 'vanilla', cellClip: first.cellClip, blockSize: 1 } }
      : first.op === 'GRU'
        ? { type: 'GRU', options: { ...options, resetAfter: first.resetAfter } }
        : { type: 'RNN', options: { ...options, nonlinearity: first.nonlinearity } };
  if (first.op !== 'LSTM' && first.peephole) throw new OnnxFormatError(nodeLocation(node), `${first.op} has no peephole input`);
  return { recognized: { config, weights }, value };
}
