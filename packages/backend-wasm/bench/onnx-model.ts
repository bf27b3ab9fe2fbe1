/**
 * The same weights as an ONNX model with one standard `LSTM` or `GRU` node (opset 14), built
 * with `onnx-proto`, for onnxruntime-web.
 *
 * ONNX's layouts (https://onnx.ai/onnx/operators/onnx__LSTM.html, onnx__GRU.html), for one
 * forward direction:
 *
 * - LSTM: `W` [1, 4H, I] and `R` [1, 4H, H] in gate order **i, o, f, c**; `B` [1, 8H] = `Wb` ‖ `Rb`.
 *   PyTorch's (and ours) are `weight_ih` [4H, I], `weight_hh` [4H, H] in order **i, f, g, o**.
 * - GRU: `W` [1, 3H, I], `R` [1, 3H, H] in order **z, r, h**; `B` [1, 6H] = `Wb` ‖ `Rb`.
 *   PyTorch's are in order **r, z, n**. `linear_before_reset = 1` applies the reset gate after
 *   the recurrent matmul, `r ⊙ (R_h h + Rb_h)` (PyTorch's GRU, our default); `0` applies it to
 *   h before it, `R_h (r ⊙ h) + Rb_h` (Cho et al., Keras `reset_after=False`, our `resetAfter: false`).
 *
 * The graph has one input `X` [T, B, I] (layout 0, time-major like ours) and one output `Y`
 * [T, 1, B, H], which has the memory layout of our [T, B, H] output.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** A recurrent layer's weights in PyTorch's layout (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`). */
export interface PytorchWeights {
  readonly cell: 'lstm' | 'gru';
  /** For a GRU: the reset gate after the recurrent matmul (PyTorch) or before it. */
  readonly resetAfter: boolean;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** [gates·H, I], row-major. */
  readonly weightIh: Float32Array;
  /** [gates·H, H], row-major. */
  readonly weightHh: Float32Array;
  /** [gates·H]. */
  readonly biasIh: Float32Array;
  /** [gates·H]. */
  readonly biasHh: Float32Array;
}

/** Where each ONNX gate block comes from in PyTorch's order: LSTM i,o,f,c ← i,f,g,o; GRU z,r,h ← r,z,n. */
const ONNX_FROM_PYTORCH = { lstm: [0, 3, 1, 2], gru: [1, 0, 2] } as const;

/** Reorders the `gates` row blocks of a row-major [gates·H, cols] matrix (or a [gates·H] vector when cols = 1). */
export function reorderGateRows(data: Float32Array, hidden: number, cols: number, order: readonly number[]): Float32Array {
  const block = hidden * cols;
  if (data.length !== order.length * block) throw new Error(`reorderGateRows: expected ${order.length * block} values, got ${data.length}`);
  const out = new Float32Array(data.length);
  order.forEach((from, to) => {
    out.set(data.subarray(from * block, (from + 1) * block), to * block);
  });
  return out;
}

function initializer(name: string, dims: readonly number[], values: Float32Array): InstanceType<typeof onnx.TensorProto> {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: Uint8Array.from(bytes) });
}

function valueInfo(name: string, dims: readonly number[]): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((dimValue) => ({ dimValue })) },
      },
    },
  });
}

const intAttribute = (name: string, i: number): InstanceType<typeof onnx.AttributeProto> =>
  onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });

/** The serialized model (an `.onnx` file's bytes) for `weights` applied to inputs [steps, batch, I]. */
export function buildRecurrentModel(weights: PytorchWeights, steps: number, batch: number): Uint8Array {
  const { cell, inputSize: I, hiddenSize: H } = weights;
  const order = ONNX_FROM_PYTORCH[cell];
  const gates = order.length;
  const bias = new Float32Array(2 * gates * H);
  bias.set(reorderGateRows(weights.biasIh, H, 1, order), 0);
  bias.set(reorderGateRows(weights.biasHh, H, 1, order), gates * H);
  const attributes = [intAttribute('hidden_size', H)];
  if (cell === 'gru') attributes.push(intAttribute('linear_before_reset', weights.resetAfter ? 1 : 0));
  const node = onnx.NodeProto.create({
    opType: cell === 'lstm' ? 'LSTM' : 'GRU',
    name: cell,
    input: ['X', 'W', 'R', 'B'],
    output: ['Y'],
    attribute: attributes,
  });
  const graph = onnx.GraphProto.create({
    name: `${cell}-bench`,
    node: [node],
    initializer: [
      initializer('W', [1, gates * H, I], reorderGateRows(weights.weightIh, H, I, order)),
      initializer('R', [1, gates * H, H], reorderGateRows(weights.weightHh, H, H, order)),
      initializer('B', [1, 2 * gates * H], bias),
    ],
    input: [valueInfo('X', [steps, batch, I])],
    output: [valueInfo('Y', [steps, 1, batch, H])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: '@rnn/backend-wasm bench',
    opsetImport: [{ domain: '', version: 14 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
