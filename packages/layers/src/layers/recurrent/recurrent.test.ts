import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  fromArray,
  createCpuBackend,
  Generator,
  mul,
  normal,
  reshape,
  reverse,
  rnnSequence,
  setBackend,
  ShapeError,
  slice,
  sum,
  transpose,
  valueAndGrad,
  variableGrads,
  type Tensor,
} from '@rnn/tensor';
import { elmanCell } from '@rnn/cells';
import { loadModel, saveModel } from '../../model/save-load.js';
import { StateDictError } from '../../errors.js';
import { GRU, LSTM, RNN } from './pytorch-layers.js';
import { Recurrent } from './recurrent.js';

// Fixtures are made at collection time, so the backend is chosen first.
setBackend(createCpuBackend());

const values = (t: Tensor): number[] => [...t.dataSync()];
const expectClose = (a: Tensor, b: Tensor, digits = 10): void => {
  expect(a.shape).toEqual(b.shape);
  const [va, vb] = [values(a), values(b)];
  va.forEach((v, i) => {
    expect(v).toBeCloseTo(vb[i]!, digits);
  });
};
const f64 = (seed: number) => ({ generator: new Generator(seed), dtype: 'float64' as const });
const [T, B, I, H] = [5, 3, 4, 6];
const x = normal([T, B, I], f64(1));

describe('LSTM layer', () => {
  it("names its parameters as PyTorch does, per layer and direction", () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, ...f64(0) });
    const names = lstm.namedParameters().map(([n]) => n);
    expect(names).toEqual([
      'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0',
      'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse',
      'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1',
      'weight_ih_l1_reverse', 'weight_hh_l1_reverse', 'bias_ih_l1_reverse', 'bias_hh_l1_reverse',
    ]);
    // Layer 1 reads both directions of layer 0.
    expect(lstm.stateDict().weight_ih_l1!.shape).toEqual([4 * H, 2 * H]);
  });

  it('returns every output and the final h and c of every layer and direction', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, ...f64(0) });
    const { output, state } = lstm.call(x);
    expect(output.shape).toEqual([T, B, 2 * H]);
    expect(state.map((s) => s.shape)).toEqual([[4, B, H], [4, B, H]]);
    // The last layer's forward h_n is its output at the last step; the reverse one at the first.
    expectClose(slice(state[0]!, [2], [1]), slice(output, [T - 1, 0, 0], [1, B, H]));
    expectClose(slice(state[0]!, [3], [1]), slice(output, [0, 0, H], [1, B, H]));
  });

  it('accepts batch-first input and returns batch-first output', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, ...f64(0) });
    const timeMajor = lstm.call(x).output;
    const batchFirst = new LSTM({ inputSize: I, hiddenSize: H, batchFirst: true, ...f64(0) }).call(transpose(x, 0, 1)).output;
    expectClose(batchFirst, transpose(timeMajor, 0, 1));
  });

  it('merges directions as Keras merge modes', () => {
    const make = (mergeMode: 'concat' | 'sum' | 'mul' | 'ave'): Tensor => new GRU({ inputSize: I, hiddenSize: H, bidirectional: true, mergeMode, ...f64(0) }).call(x).output;
    const both = make('concat');
    const [fwd, bwd] = [slice(both, [0, 0, 0], [-1, -1, H]), slice(both, [0, 0, H], [-1, -1, H])];
    expectClose(make('sum'), add(fwd, bwd));
    expectClose(make('mul'), mul(fwd, bwd));
    expectClose(make('ave'), mul(add(fwd, bwd), 0.5));
    const apart = new GRU({ inputSize: I, hiddenSize: H, bidirectional: true, mergeMode: 'none', ...f64(0) }).call(x).output;
    expect(apart.shape).toEqual([2, T, B, H]);
    expectClose(reshape(slice(apart, [0], [1]), [T, B, H]), fwd);
    expectClose(reshape(slice(apart, [1], [1]), [T, B, H]), bwd);
  });

  it('processes the sequence backwards with goBackwards, outputs in input order (ONNX reverse direction)', () => {
    const plain = new RNN({ inputSize: I, hiddenSize: H, ...f64(0) });
    const backwards = new RNN({ inputSize: I, hiddenSize: H, goBackwards: true, ...f64(0) });
    expectClose(backwards.call(x).output, reverse(plain.call(reverse(x, 0)).output, 0));
  });

  it('carries its state across calls when stateful, until resetStates', () => {
    const stateful = new GRU({ inputSize: I, hiddenSize: H, stateful: true, ...f64(0) });
    const plain = new GRU({ inputSize: I, hiddenSize: H, ...f64(0) });
    const first = slice(x, [0], [2]);
    const second = slice(x, [2], [3]);
    stateful.call(first);
    const carried = stateful.call(second).output;
    expectClose(carried, slice(plain.call(x).output, [2], [3]));
    stateful.resetStates();
    expectClose(stateful.call(second).output, plain.call(second).output);
  });

  it('starts from initial h0 and c0 and takes lengths with packed semantics', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, ...f64(0) });
    const h0 = normal([1, B, H], f64(2));
    const c0 = normal([1, B, H], f64(3));
    const lengths = [5, 2, 1];
    const { output, state } = lstm.call(x, { initialState: [h0, c0], lengths });
    const weights = Object.fromEntries(lstm.namedParameters().map(([n, p]) => [n.replace(/_l0$/, ''), p]));
    const direct = rnnSequence(lstm.cells[0]!.bind(weights), x, { initialState: [reshape(h0, [B, H]), reshape(c0, [B, H])], lengths });
    expectClose(output, direct.output);
    expectClose(state[1]!, reshape(direct.state[1]!, [1, B, H]));
  });

  it('differentiates through the stack: gradients reach every parameter and the input', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, ...f64(0) });
    const { value, grads } = variableGrads(() => sum(lstm.forward(x)));
    expect(value.size).toBe(1);
    expect(grads.size).toBe(16);
    const [dx] = valueAndGrad((input: Tensor) => sum(lstm.forward(input)))(x).grads;
    expect(dx!.shape).toEqual([T, B, I]);
  });

  it('drops out between layers only in training mode', () => {
    const make = (): LSTM => new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, dropout: 0.5, ...f64(0) });
    const [a, b] = [make(), make()];
    b.eval();
    const dropped = a.forward(x);
    const clean = b.forward(x);
    expect(values(dropped)).not.toEqual(values(clean));
    a.eval();
    expectClose(a.forward(x), clean);
  });

  it('saves and loads through its config, reproducing its outputs', async () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, projSize: 3, peephole: true, ...f64(0) });
    const copy = loadModel(await saveModel(lstm));
    expect(copy).toBeInstanceOf(LSTM);
    expectClose(copy.forward(x), lstm.forward(x), 12);
  });

  it('names the shape a wrong input or initial state should have', () => {
    const gru = new GRU({ inputSize: I, hiddenSize: H, ...f64(0) });
    expect(() => gru.call(normal([T, B, I + 1], f64(4)))).toThrow(ShapeError);
    expect(() => gru.call(x, { initialState: [normal([2, B, H], f64(5))] })).toThrow(/GRU: initial h must be \[numLayers·directions, batch, 6\]/);
    expect(() => new LSTM({ inputSize: I, hiddenSize: H, dropout: 1, ...f64(0) })).toThrow(ArgumentError);
  });

  it('refuses a PyTorch state dict of another architecture, naming the key and both shapes', () => {
    const small = new GRU({ inputSize: I, hiddenSize: H, ...f64(0) });
    const big = new GRU({ inputSize: I, hiddenSize: H + 1, ...f64(0) });
    expect(() => small.loadStateDict(big.stateDict())).toThrow(StateDictError);
    expect(() => small.loadStateDict(big.stateDict())).toThrow(/weight_ih_l0/);
  });
});

describe('Keras conveniences', () => {
  it('returns only each entry\'s final output with returnSequences: false', () => {
    const full = new LSTM({ inputSize: I, hiddenSize: H, bidirectional: true, ...f64(0) }).call(x).output;
    const last = new LSTM({ inputSize: I, hiddenSize: H, bidirectional: true, returnSequences: false, ...f64(0) }).forward(x);
    expect(last.shape).toEqual([B, 2 * H]);
    // Forward half: the last step; backward half: the first step (where it finished).
    expectClose(slice(last, [0, 0], [B, H]), reshape(slice(full, [T - 1, 0, 0], [1, B, H]), [B, H]));
    expectClose(slice(last, [0, H], [B, H]), reshape(slice(full, [0, 0, H], [1, B, H]), [B, H]));
  });

  it('takes a Keras-style mask in the input\'s layout: masked steps are skipped', () => {
    const gru = new GRU({ inputSize: I, hiddenSize: H, batchFirst: true, ...f64(0) });
    const mask = fromArray([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0]], { dtype: 'bool' });
    const byMask = gru.call(transpose(x, 0, 1), { mask });
    const byLengths = gru.call(transpose(x, 0, 1), { lengths: [5, 2, 1] });
    expectClose(byMask.output, byLengths.output);
    expectClose(byMask.state[0]!, byLengths.state[0]!);
  });

  it('applies one recurrent dropout mask per sequence in training, none in eval', () => {
    const make = (): GRU => new GRU({ inputSize: I, hiddenSize: H, recurrentDropout: 0.5, ...f64(0) });
    const plain = new GRU({ inputSize: I, hiddenSize: H, ...f64(0) });
    const dropped = make();
    expect(values(dropped.forward(x))).not.toEqual(values(plain.forward(x)));
    // The first step sees h0 = 0, so masking h cannot change it.
    expectClose(slice(dropped.forward(x), [0], [1]), slice(plain.forward(x), [0], [1]));
    dropped.eval();
    expectClose(dropped.forward(x), plain.forward(x));
    expect(() => new GRU({ inputSize: I, hiddenSize: H, recurrentDropout: 1, ...f64(0) })).toThrow(ArgumentError);
  });
});

describe('Recurrent (any cell)', () => {
  it('runs a cell from a factory, stacked, as rnnSequence would layer by layer', () => {
    const layer = new Recurrent({ inputSize: I, cell: (inputSize) => elmanCell({ inputSize, hiddenSize: H }), numLayers: 2, ...f64(0) });
    const weights = (l: number) => Object.fromEntries(layer.namedParameters().filter(([n]) => n.endsWith(`_l${l}`)).map(([n, p]) => [n.replace(`_l${l}`, ''), p]));
    const first = rnnSequence(layer.cells[0]!.bind(weights(0)), x).output;
    const second = rnnSequence(layer.cells[1]!.bind(weights(1)), first).output;
    expectClose(layer.forward(x), second);
  });
});
