import { createCpuBackend, Generator, normal, setBackend, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { initParameters } from '../init-parameters.js';
import { maxAbsDifference, withRows } from '../testing/tensors.js';
import { gruCell } from './gru.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const [I, H, B] = [3, 4, 2];
const f64 = { dtype: 'float64' as const };
const after = gruCell({ inputSize: I, hiddenSize: H });
const before = gruCell({ inputSize: I, hiddenSize: H, resetAfter: false });
const inputs = (): { x: Tensor; h: Tensor } => {
  const generator = new Generator(5);
  return { x: normal([B, I], { generator, ...f64 }), h: normal([B, H], { generator, ...f64 }) };
};
const stepOf = (cell: typeof after, weights: Record<string, Tensor>): Tensor => {
  const { x, h } = inputs();
  return cell.bind(weights).step(x, [h])[0]!;
};
// Gate rows r, z, n of H rows each.
const [rRows, zRows] = [0, H];

describe('gruCell', () => {
  it("declares PyTorch's GRUCell parameters, rows r, z, n, in both forms", () => {
    for (const cell of [after, before]) {
      expect(cell.parameters.map((p) => [p.name, p.shape])).toEqual([
        ['weight_ih', [3 * H, I]],
        ['weight_hh', [3 * H, H]],
        ['bias_ih', [3 * H]],
        ['bias_hh', [3 * H]],
      ]);
    }
  });

  it('gives the reset gate a different role in the two forms: r ⊙ (W_hn·h + b_hn) or W_hn·(r ⊙ h) + b_hn', () => {
    const weights = initParameters(after, { generator: new Generator(1), ...f64 });
    expect(maxAbsDifference(stepOf(after, weights), stepOf(before, weights))).toBeGreaterThan(1e-3);
  });

  it('is the same cell in both forms when the reset gate is saturated open (r = 1)', () => {
    const weights = initParameters(after, { generator: new Generator(1), ...f64 });
    const open = { ...weights, bias_ih: withRows(weights.bias_ih!, rRows, H, 1000) };
    expect(maxAbsDifference(stepOf(after, open), stepOf(before, open))).toBeLessThan(1e-15);
  });

  it("keeps h when the update gate is saturated (z = 1): h' = (1 − z) ⊙ n + z ⊙ h", () => {
    const weights = initParameters(after, { generator: new Generator(1), ...f64 });
    const keep = { ...weights, bias_ih: withRows(weights.bias_ih!, zRows, H, 1000) };
    expect(maxAbsDifference(stepOf(after, keep), inputs().h)).toBeLessThan(1e-15);
  });

  it('describes itself to fused kernels, with the form', () => {
    expect(after.fused).toEqual({ kind: 'gru', hiddenSize: H, bias: true, resetAfter: true });
    expect(before.fused).toMatchObject({ resetAfter: false });
  });
});
