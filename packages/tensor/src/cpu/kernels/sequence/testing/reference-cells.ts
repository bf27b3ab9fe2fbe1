/**
 * Test support: the oracle for the fused kernels. Each family's step written with plain
 * @rnn/tensor ops, straight from the equations (PyTorch's layouts, gate rows lstm i, f, g, o
 * and gru r, z, n), so `rnnSequence` runs it on the composed path and autograd differentiates it.
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
  type Tensor,
} from '../../../../index.js';

/** x·Wᵀ (+ b): PyTorch's `linear`, with weights stored [out, in]. */
function linear(x: Tensor, w: Tensor, b?: Tensor): Tensor {
  const y = matmul(x, w, { transposeB: true });
  return b === undefined ? y : add(y, b);
}

/** The weights by PyTorch's names. */
export type NamedWeights = Readonly<Record<string, Tensor>>;

export function outputSizeOf(cell: FusedCellConfig): number {
  return cell.projSize !== undefined && cell.projSize > 0 ? cell.projSize : cell.hiddenSize;
}

export function referenceCell(cell: FusedCellConfig, w: NamedWeights): RecurrentCell {
  switch (cell.kind) {
    case 'rnn':
      return {
        stateSizes: [cell.hiddenSize],
        step: (x, [h]) => {
          const a = add(linear(x, w.weight_ih!, w.bias_ih), linear(h!, w.weight_hh!, w.bias_hh));
          return [cell.nonlinearity === 'relu' ? relu(a) : tanh(a)];
        },
      };
    case 'lstm':
      return { stateSizes: [outputSizeOf(cell), cell.hiddenSize], step: (x, [h, c]) => lstmStep(cell, w, x, h!, c!) };
    case 'gru':
      return { stateSizes: [cell.hiddenSize], step: (x, [h]) => [gruStep(cell, w, x, h!)] };
  }
}

/** Greff et al. 2015's lstm with optional peepholes, cifg and (Sak et al. 2014) projection. */
function lstmStep(cell: FusedCellConfig, w: NamedWeights, x: Tensor, h: Tensor, c: Tensor): Tensor[] {
  const peephole = (gate: Tensor, weight: Tensor | undefined, state: Tensor): Tensor =>
    cell.peephole === true ? add(gate, mul(weight!, state)) : gate;
  const a = add(linear(x, w.weight_ih!, w.bias_ih), linear(h, w.weight_hh!, w.bias_hh));
  const [ai, af, ag, ao] = split(a, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const i = sigmoid(peephole(ai, w.weight_ci, c));
  const f = cell.cifg === true ? sub(1, i) : sigmoid(peephole(af, w.weight_cf, c));
  const cNext = add(mul(f, c), mul(i, tanh(ag)));
  const o = sigmoid(peephole(ao, w.weight_co, cNext));
  const m = mul(o, tanh(cNext));
  return [w.weight_hr === undefined ? m : linear(m, w.weight_hr), cNext];
}

/** PyTorch's gru (reset after), or Cho et al.'s original (reset before). */
function gruStep(cell: FusedCellConfig, w: NamedWeights, x: Tensor, h: Tensor): Tensor {
  const [xr, xz, xn] = split(linear(x, w.weight_ih!, w.bias_ih), 3, 1) as [Tensor, Tensor, Tensor];
  const [wr, wz, wn] = split(w.weight_hh!, 3, 0) as [Tensor, Tensor, Tensor];
  const [br, bz, bn] = w.bias_hh === undefined ? [] : split(w.bias_hh, 3, 0);
  const r = sigmoid(add(xr, linear(h, wr, br)));
  const z = sigmoid(add(xz, linear(h, wz, bz)));
  const n = tanh(add(xn, cell.resetAfter === false ? linear(mul(r, h), wn, bn) : mul(r, linear(h, wn, bn))));
  return add(mul(sub(1, z), n), mul(z, h));
}
