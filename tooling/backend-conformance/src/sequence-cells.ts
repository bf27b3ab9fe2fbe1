/**
 * The suite's own recurrent cells for the `sequence` group: each fused family's step written
 * with plain @rnn/tensor ops straight from PyTorch's equations and layouts (gate rows lstm
 * i, f, g, o and gru r, z, n; weights [out, in]), so `rnnSequence` runs it on the composed path
 * and autograd differentiates it. The same cell with its `fused` binding set is what the core
 * hands to a backend's fused kernels; the two must agree.
 */
import {
  add,
  matmul,
  mul,
  relu,
  sigmoid,
  split,
  sub,
  tanh,
  type FusedCellConfig,
  type RecurrentCell,
  type Shape,
  type Tensor,
} from '@rnn/tensor';

/** Weights by PyTorch's names: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr, weight_ci/cf/co. */
export type NamedWeights = Readonly<Record<string, Tensor>>;

/** The size of h (each output row and the recurrent input): projSize for a projected lstm, else H. */
export function outputSizeOf(cell: FusedCellConfig): number {
  return cell.projSize !== undefined && cell.projSize > 0 ? cell.projSize : cell.hiddenSize;
}

/** Feature size of each state, in the cell's order: rnn/gru [h], lstm [h, c]. */
export function stateSizesOf(cell: FusedCellConfig): number[] {
  return cell.kind === 'lstm' ? [outputSizeOf(cell), cell.hiddenSize] : [cell.hiddenSize];
}

const GATES = { rnn: 1, lstm: 4, gru: 3 } as const;

/**
 * Every weight the configuration defines, by name, with its shape (PyTorch's order). Under cifg
 * the f rows of weight_ih/weight_hh/biases (and weight_cf) exist but are never read, so their
 * gradients are zero on both paths.
 */
export function weightShapes(cell: FusedCellConfig, inputSize: number): [string, Shape][] {
  const H = cell.hiddenSize;
  const rows = GATES[cell.kind] * H;
  const shapes: [string, Shape][] = [
    ['weight_ih', [rows, inputSize]],
    ['weight_hh', [rows, outputSizeOf(cell)]],
  ];
  if (cell.bias) shapes.push(['bias_ih', [rows]], ['bias_hh', [rows]]);
  if (cell.projSize !== undefined && cell.projSize > 0) shapes.push(['weight_hr', [cell.projSize, H]]);
  if (cell.peephole === true) shapes.push(['weight_ci', [H]], ['weight_cf', [H]], ['weight_co', [H]]);
  return shapes;
}

/** x·Wᵀ (+ b): PyTorch's `linear`. */
function linear(x: Tensor, w: Tensor, b?: Tensor): Tensor {
  const y = matmul(x, w, { transposeB: true });
  return b === undefined ? y : add(y, b);
}

function need(w: NamedWeights, name: string): Tensor {
  const t = w[name];
  if (t === undefined) throw new Error(`sequence reference cell: weight ${name} is missing`);
  return t;
}

/** Greff et al.'s lstm with optional peepholes (c_{t−1} for i/f, c_t for o), cifg (f = 1 − i) and projection. */
function lstmStep(cell: FusedCellConfig, w: NamedWeights, x: Tensor, h: Tensor, c: Tensor): Tensor[] {
  const peephole = (gate: Tensor, name: string, state: Tensor): Tensor => (cell.peephole === true ? add(gate, mul(need(w, name), state)) : gate);
  const a = add(linear(x, need(w, 'weight_ih'), w.bias_ih), linear(h, need(w, 'weight_hh'), w.bias_hh));
  const [ai, af, ag, ao] = split(a, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const i = sigmoid(peephole(ai, 'weight_ci', c));
  const f = cell.cifg === true ? sub(1, i) : sigmoid(peephole(af, 'weight_cf', c));
  const cNext = add(mul(f, c), mul(i, tanh(ag)));
  const o = sigmoid(peephole(ao, 'weight_co', cNext));
  const m = mul(o, tanh(cNext));
  return [w.weight_hr === undefined ? m : linear(m, w.weight_hr), cNext];
}

/** PyTorch's gru (reset after: r ⊙ (W_hn h + b_hn)) or Cho et al.'s (reset before: W_hn (r ⊙ h) + b_hn). */
function gruStep(cell: FusedCellConfig, w: NamedWeights, x: Tensor, h: Tensor): Tensor {
  const [xr, xz, xn] = split(linear(x, need(w, 'weight_ih'), w.bias_ih), 3, 1) as [Tensor, Tensor, Tensor];
  const [wr, wz, wn] = split(need(w, 'weight_hh'), 3, 0) as [Tensor, Tensor, Tensor];
  const [br, bz, bn] = w.bias_hh === undefined ? [] : split(w.bias_hh, 3, 0);
  const r = sigmoid(add(xr, linear(h, wr, br)));
  const z = sigmoid(add(xz, linear(h, wz, bz)));
  const n = tanh(add(xn, cell.resetAfter === false ? linear(mul(r, h), wn, bn) : mul(r, linear(h, wn, bn))));
  return add(mul(sub(1, z), n), mul(z, h));
}

/** The composed cell: `step` written with tensor ops, no `fused` binding. */
export function composedCell(cell: FusedCellConfig, w: NamedWeights): RecurrentCell {
  switch (cell.kind) {
    case 'rnn':
      return {
        stateSizes: stateSizesOf(cell),
        step: (x, [h]) => {
          const a = add(linear(x, need(w, 'weight_ih'), w.bias_ih), linear(h!, need(w, 'weight_hh'), w.bias_hh));
          return [cell.nonlinearity === 'relu' ? relu(a) : tanh(a)];
        },
      };
    case 'lstm':
      return { stateSizes: stateSizesOf(cell), step: (x, [h, c]) => lstmStep(cell, w, x, h!, c!) };
    case 'gru':
      return { stateSizes: stateSizesOf(cell), step: (x, [h]) => [gruStep(cell, w, x, h!)] };
  }
}

/** The same cell with its `fused` binding, which the core routes to the backend's fused kernels. */
export function fusedCell(cell: FusedCellConfig, w: NamedWeights): RecurrentCell {
  return { ...composedCell(cell, w), fused: { config: cell, weights: w } };
}
