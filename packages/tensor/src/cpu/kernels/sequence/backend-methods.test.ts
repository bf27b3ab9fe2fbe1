/** The contract of the cpu backend's fused sequence methods beyond the numbers (see fused-vs-composed and golden tests). */
import { describe, expect, it } from 'vitest';
import type { FusedCellConfig, SequenceSpec } from '../../../backend/types.js';
import { ArgumentError, createCpuBackend } from '../../../index.js';
import { FusedHarness } from './testing/fused-harness.js';

const spec = (cell: FusedCellConfig, more: Partial<SequenceSpec> = {}): SequenceSpec => ({
  cell,
  dtype: 'float64',
  steps: 3,
  batch: 2,
  inputSize: 2,
  reverse: false,
  lengths: null,
  training: true,
  ...more,
});

describe('supportsSequence', () => {
  const backend = createCpuBackend();

  it('accepts every family and option combination', () => {
    const cells: FusedCellConfig[] = [
      { kind: 'rnn', hiddenSize: 3, bias: true, nonlinearity: 'relu' },
      { kind: 'lstm', hiddenSize: 3, bias: false, projSize: 2, peephole: true, cifg: true },
      { kind: 'gru', hiddenSize: 3, bias: true, resetAfter: false },
    ];
    for (const cell of cells) expect(backend.supportsSequence!(spec(cell, { reverse: true, lengths: [3, 0] }))).toBe(true);
  });

  it('declines options that belong to another family, so the composed path runs', () => {
    expect(backend.supportsSequence!(spec({ kind: 'gru', hiddenSize: 3, bias: true, peephole: true }))).toBe(false);
    expect(backend.supportsSequence!(spec({ kind: 'lstm', hiddenSize: 3, bias: true, nonlinearity: 'relu' }))).toBe(false);
    expect(backend.supportsSequence!(spec({ kind: 'rnn', hiddenSize: 3, bias: true, resetAfter: true }))).toBe(false);
  });

  it('declines lengths that do not fit the batch or the steps', () => {
    const cell: FusedCellConfig = { kind: 'rnn', hiddenSize: 3, bias: true };
    expect(backend.supportsSequence!(spec(cell, { lengths: [3] }))).toBe(false);
    expect(backend.supportsSequence!(spec(cell, { lengths: [4, 1] }))).toBe(false);
  });
});

describe('rnnSequence and rnnSequenceBackward', () => {
  const lstm: FusedCellConfig = { kind: 'lstm', hiddenSize: 2, bias: false, peephole: true, cifg: true };
  const weights = (harness: FusedHarness, names: readonly string[]) =>
    Object.fromEntries(names.map((name) => {
      const shape = { weight_ih: [8, 2], weight_hh: [8, 2] }[name] ?? [2];
      return [name, harness.tensor(Array.from({ length: shape.reduce((n, d) => n * d, 1) }, (_, i) => Math.sin(i + name.length)), shape)];
    }));

  it('returns the initial state and an empty output for an empty sequence', () => {
    const harness = new FusedHarness(createCpuBackend(), 'float64');
    const s = spec(lstm, { steps: 0 });
    const x = harness.tensor([], [0, 2, 2]);
    const initialState = [harness.tensor([1, 2, 3, 4], [2, 2]), harness.tensor([5, 6, 7, 8], [2, 2])];
    const w = weights(harness, ['weight_ih', 'weight_hh', 'weight_ci', 'weight_cf', 'weight_co']);
    const forward = harness.forward(s, x, w, initialState);
    expect(harness.read(forward.output)).toEqual([]);
    expect(forward.state.map((t) => harness.read(t))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    const grads = harness.backward(s, { x, weights: w, initialState, forward }, null, [harness.tensor([1, 1, 1, 1], [2, 2]), null]);
    expect(grads.dInitialState.map((t) => harness.read(t))).toEqual([[1, 1, 1, 1], [0, 0, 0, 0]]);
    expect(harness.read(grads.dWeights.weight_hh!)).toEqual(new Array(16).fill(0));
    harness.release();
    expect(harness.backend.numHandles()).toBe(0);
  });

  it('gives weight_cf a zero gradient under cifg, and does not need it', () => {
    const harness = new FusedHarness(createCpuBackend(), 'float64');
    const s = spec(lstm);
    const x = harness.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2], [3, 2, 2]);
    const initialState = [harness.tensor([0, 0, 0, 0], [2, 2]), harness.tensor([0.5, -0.5, 0.25, 1], [2, 2])];
    const dOutput = harness.tensor(new Array(12).fill(1), [3, 2, 2]);
    const run = (names: string[]) => {
      const w = weights(harness, names);
      const forward = harness.forward(s, x, w, initialState);
      return { forward: harness.read(forward.output), grads: harness.backward(s, { x, weights: w, initialState, forward }, dOutput, [null, null]) };
    };
    const withCf = run(['weight_ih', 'weight_hh', 'weight_ci', 'weight_cf', 'weight_co']);
    const withoutCf = run(['weight_ih', 'weight_hh', 'weight_ci', 'weight_co']);
    expect(harness.read(withCf.grads.dWeights.weight_cf!)).toEqual([0, 0]);
    expect(withoutCf.grads.dWeights.weight_cf).toBeUndefined();
    expect(withoutCf.forward).toEqual(withCf.forward);
    expect(harness.read(withoutCf.grads.dWeights.weight_ci!)).toEqual(harness.read(withCf.grads.dWeights.weight_ci!));
    harness.release();
  });

  it('names a missing or unexpected weight', () => {
    const harness = new FusedHarness(createCpuBackend(), 'float64');
    const x = harness.tensor(new Array(12).fill(0), [3, 2, 2]);
    const initialState = [harness.tensor([0, 0, 0, 0], [2, 2]), harness.tensor([0, 0, 0, 0], [2, 2])];
    const missing = weights(harness, ['weight_ih', 'weight_hh', 'weight_ci']);
    expect(() => harness.forward(spec(lstm), x, missing, initialState)).toThrow(ArgumentError);
    expect(() => harness.forward(spec(lstm), x, missing, initialState)).toThrow(/lack weight_co/);
    const extra = weights(harness, ['weight_ih', 'weight_hh', 'weight_ci', 'weight_co', 'bias_ih']);
    expect(() => harness.forward(spec(lstm), x, extra, initialState)).toThrow(/has bias_ih, which a lstm cell .* does not use/);
    harness.release();
  });
});
