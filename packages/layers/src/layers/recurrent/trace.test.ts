import {
  add,
  ArgumentError,
  createCpuBackend,
  dispose,
  fromArray,
  Generator,
  gradientMismatches,
  matmul,
  mul,
  normal,
  numHandles,
  reshape,
  setBackend,
  ShapeError,
  slice,
  square,
  sub,
  sum,
  tanh,
  tidy,
  transpose,
  valueAndGrad,
  zeros,
  type Tensor,
} from '@rnn/tensor';
import { describe, expect, it } from 'vitest';
import { Jordan } from './jordan-layer.js';
import { GRU, LSTM, RNN } from './pytorch-layers.js';
import type { Recurrent } from './recurrent.js';
import type { RecurrentTrace } from './trace.js';

// Fixtures are made at collection time, so the backend is chosen first.
setBackend(createCpuBackend());

const [T, B, I, H] = [5, 3, 4, 6];
const f64 = (seed: number) => ({ generator: new Generator(seed), dtype: 'float64' as const });
const x = normal([T, B, I], f64(1));

const maxAbsDifference = (a: Tensor, b: Tensor): number => {
  expect(a.shape).toEqual(b.shape);
  const vb = b.dataSync();
  return [...a.dataSync()].reduce((m, v, i) => Math.max(m, Math.abs(v - vb[i]!)), 0);
};
const expectClose = (a: Tensor | undefined, b: Tensor, tolerance = 1e-12): void => {
  expect(maxAbsDifference(a!, b)).toBeLessThan(tolerance);
};
/** Steps [t, t + count) of a time-major [T, B, F] tensor. */
const steps = (t: Tensor, start: number, count = 1): Tensor => slice(t, [start], [count]);
const zeroProbes = (layer: Recurrent, sizes: number[]): Tensor[] => sizes.map((size) => zeros([T, B, size], { dtype: layer.parameters()[0]!.dtype }));
/** Every tensor a trace returns, each once if none is shared. */
const returned = (trace: RecurrentTrace): Tensor[] => [trace.output, ...trace.state, ...trace.layers.flatMap((run) => Object.values(run.activations))];

describe('Recurrent.trace: the same run as call', () => {
  const layers: [string, () => Recurrent][] = [
    ['a 2-layer bidirectional LSTM', () => new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, ...f64(0) })],
    ['a GRU', () => new GRU({ inputSize: I, hiddenSize: H, ...f64(0) })],
    ['a 2-layer RNN', () => new RNN({ inputSize: I, hiddenSize: H, numLayers: 2, ...f64(0) })],
    ['a bidirectional Jordan network', () => new Jordan({ inputSize: I, hiddenSize: 5, outputSize: H, bidirectional: true, ...f64(0) })],
    ['a batch-first GRU going backwards', () => new GRU({ inputSize: I, hiddenSize: H, batchFirst: true, goBackwards: true, ...f64(0) })],
    ['an LSTM whose directions stay apart', () => new LSTM({ inputSize: I, hiddenSize: H, bidirectional: true, mergeMode: 'none', ...f64(0) })],
  ];
  for (const [name, make] of layers) {
    it(`gives call's output and final state for ${name} (float64)`, () => {
      const layer = make();
      const input = layer.batchFirst ? transpose(x, 0, 1) : x;
      const traced = layer.trace(input);
      const called = layer.call(input);
      expectClose(traced.output, called.output);
      traced.state.forEach((s, k) => {
        expectClose(s, called.state[k]!);
      });
    });
  }

  it('agrees with the fused float32 kernels within float32 rounding, from a given initial state', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, generator: new Generator(0) });
    const x32 = normal([T, B, I], { generator: new Generator(1) });
    const initialState = [normal([4, B, H], { generator: new Generator(2) }), normal([4, B, H], { generator: new Generator(3) })];
    const traced = lstm.trace(x32, { initialState });
    const called = lstm.call(x32, { initialState });
    expectClose(traced.output, called.output, 1e-6);
    expectClose(traced.state[1], called.state[1]!, 1e-6);
  });

  it('runs in eval semantics: no dropout between layers even in training mode', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, dropout: 0.5, recurrentDropout: 0.5, ...f64(0) });
    const traced = lstm.trace(x).output;
    expectClose(traced, lstm.eval().call(x).output);
  });

  it("starts from a stateful layer's carried state and leaves it as it was", () => {
    const gru = new GRU({ inputSize: I, hiddenSize: H, stateful: true, ...f64(0) });
    gru.call(x);
    const traced = gru.trace(x).output;
    expectClose(traced, gru.call(x).output);
  });
});

describe('Recurrent.trace: activations', () => {
  it("records every run's states and gates, [T, batch, size] in input time order", () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, ...f64(0) });
    const { output, state, layers } = lstm.trace(x);
    expect(layers.map((run) => [run.layer, run.direction])).toEqual([[0, 'forward'], [0, 'reverse'], [1, 'forward'], [1, 'reverse']]);
    for (const { activations } of layers) {
      expect(Object.keys(activations).sort()).toEqual(['c', 'candidate', 'forget_gate', 'h', 'input_gate', 'output_gate']);
      expect(Object.values(activations).map((t) => t.shape)).toEqual(Array(6).fill([T, B, H]));
      // h_t = o_t ⊙ tanh(c_t) at every step: the gates and states belong to the same steps.
      expectClose(activations.h, mul(activations.output_gate!, tanh(activations.c!)));
    }
    const [forward, backward] = [layers[2]!.activations, layers[3]!.activations];
    expectClose(forward.h, slice(output, [0, 0, 0], [-1, -1, H]));
    expectClose(backward.h, slice(output, [0, 0, H], [-1, -1, H]));
    // The forward run ends at the last step, the reverse run at the first.
    expectClose(steps(forward.c!, T - 1), slice(state[1]!, [2], [1]));
    expectClose(steps(backward.c!, 0), slice(state[1]!, [3], [1]));
  });

  it("names a Jordan network's state y and its hidden layer; leaves out FGR's repeated gates state", () => {
    const jordan = new Jordan({ inputSize: I, hiddenSize: 5, outputSize: H, ...f64(0) });
    const traced = jordan.trace(x).layers[0]!.activations;
    expect(Object.keys(traced).sort()).toEqual(['hidden', 'y']);
    expect(traced.hidden!.shape).toEqual([T, B, 5]);
    const fgr = new LSTM({ inputSize: I, hiddenSize: H, variant: 'FGR', ...f64(0) });
    expect(Object.keys(fgr.trace(x).layers[0]!.activations)).not.toContain('gates');
  });

  it('keeps activations time-major and in input order under batchFirst and goBackwards', () => {
    const rnn = new RNN({ inputSize: I, hiddenSize: H, batchFirst: true, goBackwards: true, ...f64(0) });
    const { output, layers } = rnn.trace(transpose(x, 0, 1));
    expectClose(layers[0]!.activations.h, transpose(output, 0, 1));
  });
});

describe('Recurrent.trace: state probes', () => {
  it('change nothing when zero, and a probe at step t changes only the steps that come after t', () => {
    const data = new Float64Array(T * B * H).fill(0.1, B * H, 2 * B * H);
    const atStep1 = fromArray(data, { shape: [T, B, H], dtype: 'float64' });
    for (const goBackwards of [false, true]) {
      const rnn = new RNN({ inputSize: I, hiddenSize: H, goBackwards, ...f64(0) });
      const plain = rnn.trace(x).output;
      expectClose(rnn.trace(x, { stateProbes: zeroProbes(rnn, [H]) }).output, plain);
      const probed = rnn.trace(x, { stateProbes: [atStep1] }).output;
      // Going backwards, the steps after input step 1 are 1 and 0.
      const [before, after] = goBackwards ? [[2, 3], [0, 2]] : [[0, 1], [1, 4]];
      expectClose(steps(probed, before[0]!, before[1]), steps(plain, before[0]!, before[1]));
      expect(maxAbsDifference(steps(probed, after[0]!, after[1]), steps(plain, after[0]!, after[1]))).toBeGreaterThan(1e-3);
    }
  });

  it('take the gradient ∂L/∂h_t: the direct term at the last step, and BPTT through tanh before it', () => {
    const rnn = new RNN({ inputSize: I, hiddenSize: H, ...f64(0) });
    const weight = normal([T, B, H], f64(7));
    const loss = (probe: Tensor): Tensor => tidy(() => sum(mul(rnn.trace(x, { stateProbes: [probe] }).output, weight)));
    const { grads: [dh] } = valueAndGrad(loss)(zeroProbes(rnn, [H])[0]!);
    const h = rnn.trace(x).layers[0]!.activations.h!;
    const whh = rnn.stateDict().weight_hh_l0!;
    // g_T = w_T; g_t = w_t + (g_{t+1} ⊙ (1 − h_{t+1}²))·W_hh (Werbos 1990).
    let expected = steps(weight, T - 1);
    expectClose(steps(dh!, T - 1), expected);
    for (let t = T - 2; t >= 0; t--) {
      const through = mul(reshape(expected, [B, H]), sub(1, square(reshape(steps(h, t + 1), [B, H]))));
      expected = add(steps(weight, t), reshape(matmul(through, whh), [1, B, H]));
      expectClose(steps(dh!, t), expected);
    }
  });

  it('agree with central differences at every step of every run (2-layer bidirectional LSTM)', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: 3, numLayers: 2, bidirectional: true, ...f64(0) });
    const short = steps(x, 0, 3);
    const loss = (...probes: Tensor[]): Tensor => tidy(() => sum(square(lstm.trace(short, { stateProbes: probes }).output)));
    const probes = [0, 1, 2, 3].map(() => zeros([3, B, 3], { dtype: 'float64' }));
    expect(gradientMismatches(loss, probes, ['l0', 'l0_reverse', 'l1', 'l1_reverse'])).toEqual([]);
  });

  it('show the vanishing gradient of a tanh RNN with small weights over 30 steps', () => {
    const rnn = new RNN({ inputSize: I, hiddenSize: H, ...f64(0) });
    const whh = rnn.namedParameters().find(([name]) => name === 'weight_hh_l0')![1];
    whh.assign(mul(whh, 0.3));
    const long = normal([30, 1, I], f64(8));
    const probe = zeros([30, 1, H], { dtype: 'float64' });
    // L_T: the last step's output alone.
    const { grads: [dh] } = valueAndGrad((p: Tensor) => sum(steps(rnn.trace(long, { stateProbes: [p] }).output, 29)))(probe);
    const norms = Array.from({ length: 30 }, (_, t) => Math.sqrt(sum(square(steps(dh!, t))).itemSync()));
    for (let t = 0; t < 29; t++) expect(norms[t]).toBeLessThan(norms[t + 1]!);
    expect(norms[0]! / norms[29]!).toBeLessThan(1e-6);
  });

  it('must be one [T, batch, stateSizes[0]] tensor per layer·direction', () => {
    const jordan = new Jordan({ inputSize: I, hiddenSize: 5, outputSize: 2, numLayers: 2, ...f64(0) });
    expect(() => jordan.trace(x, { stateProbes: zeroProbes(jordan, [2]) })).toThrow(ArgumentError);
    expect(() => jordan.trace(x, { stateProbes: zeroProbes(jordan, [2]) })).toThrow('Jordan: stateProbes has 1 tensors; expected one per layer·direction, 2');
    expect(() => jordan.trace(x, { stateProbes: zeroProbes(jordan, [2, 5]) })).toThrow(ShapeError);
    expect(() => jordan.trace(x, { stateProbes: zeroProbes(jordan, [2, 5]) })).toThrow('stateProbes[1] must be [time, batch, stateSizes[0]] = [5, 3, 2] (got [5, 3, 5] and [5, 3, 2])');
  });
});

describe('Recurrent.trace: memory', () => {
  it('hands the caller every tensor it returns, each its own, and leaks nothing else', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, ...f64(0) });
    const probes = zeroProbes(lstm, [H, H, H, H]);
    const before = numHandles();
    const trace = lstm.trace(x, { stateProbes: probes });
    const tensors = returned(trace);
    expect(new Set(tensors).size).toBe(tensors.length);
    expect(numHandles()).toBe(before + tensors.length);
    dispose(tensors);
    expect(numHandles()).toBe(before);
    const { value, grads } = valueAndGrad((...p: Tensor[]) => tidy(() => sum(lstm.trace(x, { stateProbes: p }).output)))(...probes);
    dispose([value, grads]);
    expect(numHandles()).toBe(before);
  });
});
