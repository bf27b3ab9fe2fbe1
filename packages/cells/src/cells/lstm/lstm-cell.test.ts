import {
  add,
  ArgumentError,
  createCpuBackend,
  fromArray,
  Generator,
  grad,
  matmul,
  mul,
  normal,
  setBackend,
  sigmoid,
  slice,
  sub,
  sum,
  tanh,
  zeros,
  type Tensor,
} from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellDefinition } from '../../cell.js';
import { linear } from '../../gates/linear.js';
import { initParameters } from '../../init-parameters.js';
import { maxAbsDifference, rowsOf, values, withRows } from '../../testing/tensors.js';
import { lstmCell, type LstmOptions } from './lstm-cell.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const [I, H, B] = [3, 4, 2];
const f64 = { dtype: 'float64' as const };
const lstm = (options: Partial<LstmOptions> = {}): CellDefinition => lstmCell({ inputSize: I, hiddenSize: H, ...options });
const weightsOf = (cell: CellDefinition, seed = 1): Record<string, Tensor> => initParameters(cell, { generator: new Generator(seed), ...f64 });
const inputs = (seed = 2): { x: Tensor; h0: Tensor; c0: Tensor } => {
  const generator = new Generator(seed);
  return { x: normal([B, I], { generator, ...f64 }), h0: normal([B, H], { generator, ...f64 }), c0: normal([B, H], { generator, ...f64 }) };
};
/** One step of `cell` on `weights` from the shared inputs: [h, c]. */
const step = (cell: CellDefinition, weights: Record<string, Tensor>, { x, h0, c0 } = inputs()): Tensor[] => cell.bind(weights).step(x, [h0, c0]);
const shapes = (cell: CellDefinition): Record<string, readonly number[]> => Object.fromEntries(cell.parameters.map((p) => [p.name, p.shape]));
// Gate row offsets: i, f, g, o of H rows each.
const [iRows, fRows, gRows, oRows] = [0, H, 2 * H, 3 * H];

describe('lstmCell parameters', () => {
  it("are PyTorch's LSTMCell parameters, gate rows stacked i, f, g, o", () => {
    const cell = lstm();
    expect(shapes(cell)).toEqual({ weight_ih: [4 * H, I], weight_hh: [4 * H, H], bias_ih: [4 * H], bias_hh: [4 * H] });
    expect(cell.stateNames).toEqual(['h', 'c']);
    expect(cell.stateSizes).toEqual([H, H]);
  });

  it('have no biases with bias: false', () => {
    expect(Object.keys(shapes(lstm({ bias: false })))).toEqual(['weight_ih', 'weight_hh']);
  });

  it('add the projection weight_hr [P, H]; weight_hh then reads the projected state, and h has size P', () => {
    const cell = lstm({ projSize: 2 });
    expect(shapes(cell)).toMatchObject({ weight_hh: [4 * H, 2], weight_hr: [2, H] });
    expect(cell.stateSizes).toEqual([2, H]);
  });

  it('add peephole vectors weight_ci, weight_cf, weight_co [H]', () => {
    expect(shapes(lstm({ peephole: true }))).toMatchObject({ weight_ci: [H], weight_cf: [H], weight_co: [H] });
  });

  it("add FGR's weight_gg [3H, 3H] and a third state, the previous step's gates", () => {
    const cell = lstm({ variant: 'FGR' });
    expect(shapes(cell)).toMatchObject({ weight_gg: [3 * H, 3 * H] });
    expect(cell.stateNames).toEqual(['h', 'c', 'gates']);
    expect(cell.stateSizes).toEqual([H, H, 3 * H]);
  });

  it('keep the full layout in every variant: a removed gate keeps its rows', () => {
    for (const variant of ['NIG', 'NFG', 'NOG', 'NIAF', 'NOAF', 'NP', 'CIFG'] as const) {
      expect(shapes(lstm({ variant }))).toEqual(shapes(lstm()));
    }
  });

  it('shrink the i, f, o rows to one per memory block: rows i (H/S), f (H/S), g (H), o (H/S)', () => {
    const cell = lstm({ hiddenSize: 6, blockSize: 3, peephole: true, variant: 'FGR' });
    expect(shapes(cell)).toEqual({
      weight_ih: [2 + 2 + 6 + 2, I],
      weight_hh: [12, 6],
      bias_ih: [12],
      bias_hh: [12],
      weight_ci: [6],
      weight_cf: [6],
      weight_co: [6],
      weight_gg: [6, 6],
    });
    expect(cell.stateSizes).toEqual([6, 6, 6]);
  });

  it('start from U(−1/√H, 1/√H), as PyTorch', () => {
    const all = Object.values(weightsOf(lstm({ peephole: true, projSize: 2 }))).flatMap(values);
    expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(H));
  });

  it("with unitForgetBias, set bias_ih's forget rows to 1 and bias_hh's to 0 (a total forget bias of 1), other rows as drawn", () => {
    const plain = weightsOf(lstm());
    const opened = weightsOf(lstm({ unitForgetBias: true }));
    expect(rowsOf(opened.bias_ih!, fRows, H)).toEqual(Array<number>(H).fill(1));
    expect(rowsOf(opened.bias_hh!, fRows, H)).toEqual(Array<number>(H).fill(0));
    for (const name of ['bias_ih', 'bias_hh']) {
      expect(rowsOf(opened[name]!, iRows, H)).toEqual(rowsOf(plain[name]!, iRows, H));
      expect(rowsOf(opened[name]!, gRows, 2 * H)).toEqual(rowsOf(plain[name]!, gRows, 2 * H));
    }
    expect(values(opened.weight_ih!)).toEqual(values(plain.weight_ih!));
  });
});

describe('lstmCell reductions', () => {
  it('NP equals vanilla with peephole: false on the same weights', () => {
    const weights = weightsOf(lstm());
    const [np, vanilla] = [step(lstm({ variant: 'NP' }), weights), step(lstm(), weights)];
    expect(maxAbsDifference(np[0]!, vanilla[0]!)).toBe(0);
    expect(maxAbsDifference(np[1]!, vanilla[1]!)).toBe(0);
  });

  it('peepholes with zero weights equal no peepholes', () => {
    const weights = weightsOf(lstm({ peephole: true }));
    for (const name of ['weight_ci', 'weight_cf', 'weight_co']) weights[name] = zeros([H], f64);
    const [peep, plain] = [step(lstm({ peephole: true }), weights), step(lstm(), weights)];
    expect(maxAbsDifference(peep[0]!, plain[0]!)).toBe(0);
    expect(maxAbsDifference(peep[1]!, plain[1]!)).toBe(0);
  });

  // σ(1000) is exactly 1 in float64: a vanilla gate saturated open is a removed gate.
  it.each([
    ['NIG', iRows],
    ['NFG', fRows],
    ['NOG', oRows],
  ] as const)('%s equals vanilla with that gate saturated open (bias 1000, σ = 1)', (variant, rows) => {
    const weights = weightsOf(lstm({ peephole: true }));
    const saturated = { ...weights, bias_ih: withRows(weights.bias_ih!, rows, H, 1000) };
    const [removed, open] = [step(lstm({ variant, peephole: true }), weights), step(lstm({ peephole: true }), saturated)];
    expect(maxAbsDifference(removed[0]!, open[0]!)).toBeLessThan(1e-15);
    expect(maxAbsDifference(removed[1]!, open[1]!)).toBeLessThan(1e-15);
  });

  it.each([
    ['NIAF', { candidateActivation: 'identity' }],
    ['NOAF', { cellActivation: 'identity' }],
  ] as const)('%s equals vanilla with that activation set to the identity', (variant, activation) => {
    const weights = weightsOf(lstm());
    const [a, b] = [step(lstm({ variant }), weights), step(lstm(activation), weights)];
    expect(maxAbsDifference(a[0]!, b[0]!)).toBe(0);
    expect(maxAbsDifference(a[1]!, b[1]!)).toBe(0);
  });

  it("CIFG's forget gate is 1 − i: c = (1 − i) ⊙ c₀ + i ⊙ g, whatever the f rows hold", () => {
    const weights = weightsOf(lstm());
    const { x, h0, c0 } = inputs();
    // i and g recomputed from their own rows alone.
    const gateRows = (start: number): Tensor => {
      const rows = (t: Tensor): Tensor => slice(t, [start], [H]);
      return add(linear(x, rows(weights.weight_ih!), rows(weights.bias_ih!)), linear(h0, rows(weights.weight_hh!), rows(weights.bias_hh!)));
    };
    const i = sigmoid(gateRows(iRows));
    const g = tanh(gateRows(gRows));
    const expected = add(mul(sub(1, i), c0), mul(i, g));
    const cifg = lstm({ variant: 'CIFG' });
    expect(maxAbsDifference(step(cifg, weights)[1]!, expected)).toBeLessThan(1e-15);
    const otherF = { ...weights, weight_ih: withRows(weights.weight_ih!, fRows, H, 7), bias_ih: withRows(weights.bias_ih!, fRows, H, -3) };
    expect(maxAbsDifference(step(cifg, otherF)[1]!, expected)).toBeLessThan(1e-15);
  });

  it.each([
    ['NIG', iRows],
    ['NFG', fRows],
    ['NOG', oRows],
    ['CIFG', fRows],
  ] as const)("%s leaves the removed gate's rows with zero gradient", (variant, rows) => {
    const cell = lstm({ variant });
    const weights = weightsOf(cell);
    const { x, h0, c0 } = inputs();
    const [dWeightIh, dBiasHh] = grad((wIh: Tensor, bHh: Tensor) => {
      const [h, c] = cell.bind({ ...weights, weight_ih: wIh, bias_hh: bHh }).step(x, [h0, c0]);
      return sum(mul(h!, c!));
    })(weights.weight_ih!, weights.bias_hh!);
    expect(rowsOf(dWeightIh!, rows, H).every((v) => v === 0)).toBe(true);
    expect(rowsOf(dBiasHh!, rows, H).every((v) => v === 0)).toBe(true);
    // …and only those: every other gate's rows learn.
    expect(values(dBiasHh!).filter((v) => v !== 0)).toHaveLength(3 * H);
  });

  it('blockSize 1 equals vanilla on the same weights', () => {
    const weights = weightsOf(lstm({ peephole: true }));
    expect(maxAbsDifference(step(lstm({ blockSize: 1, peephole: true }), weights)[0]!, step(lstm({ peephole: true }), weights)[0]!)).toBe(0);
  });

  it("a block LSTM equals a vanilla LSTM whose i, f and o rows repeat each block's row for its S cells", () => {
    const S = 2;
    const blocks = lstm({ blockSize: S });
    const weights = weightsOf(blocks);
    // Block layout rows: i (H/S), f (H/S), g (H), o (H/S) → vanilla rows i, f, g, o (H each).
    const n = H / S;
    const expand = (t: Tensor): Tensor => {
      const blockGate = (first: number): number[] => Array.from({ length: H }, (_, cell) => rowsOf(t, first + Math.floor(cell / S), 1)).flat();
      const rows = [...blockGate(0), ...blockGate(n), ...rowsOf(t, 2 * n, H), ...blockGate(2 * n + H)];
      return fromArray(rows, { shape: [4 * H, ...t.shape.slice(1)], dtype: 'float64' });
    };
    const vanillaWeights = Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, expand(t)]));
    const [a, b] = [step(blocks, weights), step(lstm(), vanillaWeights)];
    expect(maxAbsDifference(a[0]!, b[0]!)).toBeLessThan(1e-15);
    expect(maxAbsDifference(a[1]!, b[1]!)).toBeLessThan(1e-15);
  });

  it("a block's gate peeks at all of its cells: f_b = σ(Σ_{j∈b} w_cf[j]·c[j])", () => {
    const cell = lstm({ blockSize: 2, peephole: true });
    const weights = Object.fromEntries(cell.parameters.map((p) => [p.name, zeros(p.shape, f64)]));
    weights.weight_cf = fromArray([0.5, -1, 2, 0.25], { dtype: 'float64' });
    const c0 = fromArray([[1, 2, 3, 4]], { dtype: 'float64' });
    // All else zero: g = tanh(0) = 0, so c = f ⊙ c₀ with one f per block.
    const [, c] = cell.bind(weights).step(zeros([1, I], f64), [zeros([1, H], f64), c0]);
    const [f0, f1] = [1 / (1 + Math.exp(-(0.5 * 1 - 1 * 2))), 1 / (1 + Math.exp(-(2 * 3 + 0.25 * 4)))];
    expect(values(c!).map((v, j) => v - [f0 * 1, f0 * 2, f1 * 3, f1 * 4][j]!).every((d) => Math.abs(d) < 1e-15)).toBe(true);
  });

  it('projects h: h = W_hr·(o ⊙ tanh(c)), c unchanged', () => {
    const projected = lstm({ projSize: 2 });
    const weights = weightsOf(projected);
    const { x, c0 } = inputs();
    // From h₀ = 0 the recurrent weights do not matter, so a plain cell can run the same step.
    const plainWeights = { ...weights, weight_hh: zeros([4 * H, H], f64) };
    const [h, c] = projected.bind(weights).step(x, [zeros([B, 2], f64), c0]);
    const [hPlain, cPlain] = lstm().bind(plainWeights).step(x, [zeros([B, H], f64), c0]);
    expect(maxAbsDifference(c!, cPlain!)).toBe(0);
    expect(maxAbsDifference(h!, matmul(hPlain!, weights.weight_hr!, { transposeB: true }))).toBeLessThan(1e-15);
  });

  it("clips every activation's input to [−clip, clip], but not the cell state", () => {
    const cell = lstm({ cellClip: 0.1 });
    const weights = Object.fromEntries(cell.parameters.map((p) => [p.name, zeros(p.shape, f64)]));
    weights.bias_ih = fromArray(Array<number>(4 * H).fill(10), { dtype: 'float64' });
    const [h, c] = cell.bind(weights).step(zeros([1, I], f64), [zeros([1, H], f64), fromArray([[5, 5, 5, 5]], { dtype: 'float64' })]);
    // Every pre-activation is 10, clipped to 0.1; c = f·5 + i·g = σ(0.1)·(5 + tanh(0.1)).
    const s = 1 / (1 + Math.exp(-0.1));
    const cExpected = s * (5 + Math.tanh(0.1));
    expect(values(c!).every((v) => Math.abs(v - cExpected) < 1e-15)).toBe(true);
    expect(values(h!).every((v) => Math.abs(v - s * Math.tanh(0.1)) < 1e-15)).toBe(true);
  });
});

describe('lstmCell fused-kernel descriptor', () => {
  it('is present for what PyTorch-family kernels run: projection, peepholes, CIFG', () => {
    expect(lstm().fused).toEqual({ kind: 'lstm', hiddenSize: H, bias: true, projSize: 0, peephole: false, cifg: false });
    expect(lstm({ variant: 'CIFG', peephole: true, projSize: 2 }).fused).toMatchObject({ peephole: true, cifg: true, projSize: 2 });
  });

  it.each<Partial<LstmOptions>>([{ blockSize: 2 }, { cellClip: 3 }, { variant: 'NIG' }, { variant: 'FGR' }, { gateActivation: 'hardSigmoid' }, { cellActivation: 'identity' }])(
    'is absent for %o, which only the composed step runs',
    (options) => {
      expect(lstm(options).fused).toBeUndefined();
    },
  );
});

describe('lstmCell options', () => {
  it('reject a blockSize that does not divide hiddenSize', () => {
    expect(() => lstm({ hiddenSize: 6, blockSize: 4 })).toThrow(ArgumentError);
    expect(() => lstm({ hiddenSize: 6, blockSize: 4 })).toThrow('lstmCell: blockSize 4 does not divide hiddenSize 6 into whole memory blocks');
  });

  it('reject an unknown variant, listing the known ones', () => {
    expect(() => lstm({ variant: 'GRU' as never })).toThrow(
      "lstmCell: variant 'GRU' is not one of 'vanilla', 'NIG', 'NFG', 'NOG', 'NIAF', 'NOAF', 'NP', 'CIFG', 'FGR'",
    );
  });

  it('reject options a variant contradicts', () => {
    expect(() => lstm({ variant: 'NP', peephole: true })).toThrow('lstmCell: peephole is true, but the NP variant is the LSTM without peepholes');
    expect(() => lstm({ variant: 'NIAF', candidateActivation: 'tanh' })).toThrow("lstmCell: candidateActivation is 'tanh', but the NIAF variant fixes it to 'identity'");
    expect(() => lstm({ variant: 'NOAF', cellActivation: 'tanh' })).toThrow("cellActivation is 'tanh', but the NOAF variant fixes it to 'identity'");
    expect(() => lstm({ variant: 'NFG', unitForgetBias: true })).toThrow('unitForgetBias is meaningless for the NFG variant');
  });

  it('reject out-of-range sizes and clips', () => {
    expect(() => lstm({ hiddenSize: 0 })).toThrow('lstmCell: hiddenSize must be a positive integer, got 0');
    expect(() => lstm({ inputSize: 2.5 })).toThrow('lstmCell: inputSize must be a positive integer, got 2.5');
    expect(() => lstm({ projSize: H })).toThrow(`lstmCell: projSize must be an integer in [0, hiddenSize = ${H})`);
    expect(() => lstm({ cellClip: 0 })).toThrow('lstmCell: cellClip must be a positive number, got 0');
    expect(() => lstm({ unitForgetBias: true, bias: false })).toThrow('lstmCell: unitForgetBias needs bias: true');
    expect(() => lstm({ gateActivation: 'tanh' as never })).toThrow("lstmCell: gateActivation 'tanh' is not one of 'sigmoid', 'hardSigmoid'");
  });
});
