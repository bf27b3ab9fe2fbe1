/**
 * Gate row orders. Our parameters keep PyTorch's rows (LSTM i, f, g, o; GRU r, z, n); ONNX's
 * LSTM stacks i, o, f, c and its GRU z, r, h (ONNX Operators, LSTM-7 and GRU-7), and its
 * LSTM peephole P is p_i, p_o, p_f.
 */
import type { RecurrentKind } from '../gate-count.js';

export type RecurrentOp = RecurrentKind;

/** For each ONNX gate block, in ONNX order, the index of the same gate in our order. */
const ONNX_FROM_OURS: Readonly<Record<RecurrentOp, readonly number[]>> = {
  RNN: [0],
  LSTM: [0, 3, 1, 2],
  GRU: [1, 0, 2],
};

/**
 * Reorders the gate blocks of a row-major [G·H, width] matrix (or a [G·H] vector, width 1)
 * from our order to ONNX's, or back with `toOnnx: false`.
 *
 * @example
 * reorderGates('GRU', Float32Array.of(1, 2, 3), 1, { toOnnx: true }); // [2, 1, 3]: r, z, n → z, r, h
 */
export function reorderGates(op: RecurrentOp, data: Float32Array, hiddenSize: number, { toOnnx }: { readonly toOnnx: boolean }): Float32Array {
  const order = ONNX_FROM_OURS[op];
  const block = (data.length / order.length) | 0;
  if (block * order.length !== data.length || block % hiddenSize !== 0) throw new RangeError(`reorderGates: ${data.length} values are not ${order.length} gate blocks of ${hiddenSize} rows`);
  const out = new Float32Array(data.length);
  order.forEach((ours, onnxIndex) => {
    const [from, to] = toOnnx ? [ours, onnxIndex] : [onnxIndex, ours];
    out.set(data.subarray(from * block, (from + 1) * block), to * block);
  });
  return out;
}

/** Our peephole weights in the order ONNX's P holds them: input, output, forget. */
export const PEEPHOLE_ORDER = ['weight_ci', 'weight_co', 'weight_cf'] as const;
