/**
 * The fused kernels against the composed reference: every family and option, with and without
 * bias, both directions, with and without lengths, forward values and every gradient of
 * loss = Σ output·dOutput + Σₖ Σ stateₖ·dStateₖ (random upstream gradients).
 */
import { describe, expect, it } from 'vitest';
import type { FusedCellConfig, SequenceSpec } from '../../../backend/types.js';
import { add, createCpuBackend, fromArray, Generator, mul, normal, rnnSequence, setBackend, sum, tidy, valueAndGrad, type Tensor } from '../../../index.js';
import { expectClose, type Tolerance } from './testing/closeness.js';
import type { FloatDType } from './dtype.js';
import { FusedHarness } from './testing/fused-harness.js';
import { outputSizeOf, referenceCell } from './testing/reference-cells.js';
import { weightNames } from './weights.js';

const backend = createCpuBackend();
setBackend(backend);

const [T, B, I, H, P] = [5, 4, 3, 4, 3];
/** A full-length entry, a short one, an empty one and one a step short. */
const LENGTHS = [T, 2, 0, T - 1];
const TOLERANCE: Record<FloatDType, Tolerance> = {
  float64: { rtol: 1e-10, atol: 1e-10 },
  float32: { rtol: 1e-4, atol: 1e-5 },
};

const FAMILIES: Record<string, Pick<FusedCellConfig, 'kind' | 'nonlinearity' | 'projSize' | 'peephole' | 'cifg' | 'resetAfter'>> = {
  'rnn tanh': { kind: 'rnn', nonlinearity: 'tanh' },
  'rnn relu': { kind: 'rnn', nonlinearity: 'relu' },
  lstm: { kind: 'lstm' },
  'lstm with projection': { kind: 'lstm', projSize: P },
  'lstm with peepholes': { kind: 'lstm', peephole: true },
  'lstm cifg': { kind: 'lstm', cifg: true },
  'lstm with peepholes, projection and cifg': { kind: 'lstm', peephole: true, projSize: P, cifg: true },
  'gru (reset after)': { kind: 'gru', resetAfter: true },
  'gru (reset before)': { kind: 'gru', resetAfter: false },
};

/** Everything one run yields, as plain numbers. */
interface SequenceResults {
  readonly output: number[];
  readonly state: number[][];
  readonly dx: number[];
  readonly dInitialState: number[][];
  readonly dWeights: Record<string, number[]>;
}

/** A case's inputs, weights and upstream gradients (float64 values). */
interface CaseData {
  readonly x: number[];
  readonly initialState: number[][];
  readonly weights: Record<string, { values: number[]; shape: number[] }>;
  readonly dOutput: number[];
  readonly dState: number[][];
}

const stateSizesOf = (cell: FusedCellConfig): number[] => (cell.kind === 'lstm' ? [outputSizeOf(cell), H] : [H]);

function weightShape(cell: FusedCellConfig, name: string): number[] {
  const gateRows = { rnn: 1, lstm: 4, gru: 3 }[cell.kind] * H;
  const shapes: Record<string, number[]> = { weight_ih: [gateRows, I], weight_hh: [gateRows, outputSizeOf(cell)], weight_hr: [P, H] };
  return shapes[name] ?? (name.startsWith('bias') ? [gateRows] : [H]);
}

function caseData(cell: FusedCellConfig, seed: number): CaseData {
  const generator = new Generator(seed);
  const draw = (size: number, std = 1): number[] =>
    tidy(() => Array.from(normal([size], { generator, dtype: 'float64', std }).dataSync()));
  const size = (shape: number[]): number => shape.reduce((n, d) => n * d, 1);
  return {
    x: draw(T * B * I),
    initialState: stateSizesOf(cell).map((n) => draw(B * n, 0.5)),
    weights: Object.fromEntries(weightNames(cell).map((name) => {
      const shape = weightShape(cell, name);
      return [name, { values: draw(size(shape), 0.5), shape }];
    })),
    dOutput: draw(T * B * outputSizeOf(cell)),
    dState: stateSizesOf(cell).map((n) => draw(B * n)),
  };
}

const typed = (dtype: FloatDType, values: number[]): Float32Array | Float64Array =>
  dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);

/** The oracle: the reference cell on `rnnSequence`'s composed path, differentiated by autograd. */
function composed(spec: SequenceSpec, dtype: FloatDType, data: CaseData): SequenceResults {
  const { cell, lengths, reverse } = spec;
  return tidy(() => {
    const tensor = (values: number[], shape: number[]): Tensor => fromArray(typed(dtype, values), { shape });
    const sizes = stateSizesOf(cell);
    const names = Object.keys(data.weights);
    const x = tensor(data.x, [T, B, I]);
    const initial = sizes.map((n, k) => tensor(data.initialState[k]!, [B, n]));
    const weights = names.map((name) => tensor(data.weights[name]!.values, data.weights[name]!.shape));
    const dOutput = tensor(data.dOutput, [T, B, outputSizeOf(cell)]);
    const dState = sizes.map((n, k) => tensor(data.dState[k]!, [B, n]));
    const run = (xs: Tensor, ...rest: Tensor[]): { output: Tensor; state: Tensor[] } => {
      const named = Object.fromEntries(names.map((name, i) => [name, rest[sizes.length + i]!]));
      return rnnSequence(referenceCell(cell, named), xs, { initialState: rest.slice(0, sizes.length), lengths: lengths ?? undefined, reverse });
    };
    const loss = (xs: Tensor, ...rest: Tensor[]): Tensor => {
      const { output, state } = run(xs, ...rest);
      return state.reduce((total, s, k) => add(total, sum(mul(s, dState[k]!))), sum(mul(output, dOutput)));
    };
    const { grads } = valueAndGrad(loss)(x, ...initial, ...weights);
    const { output, state } = run(x, ...initial, ...weights);
    const read = (t: Tensor): number[] => Array.from(t.dataSync());
    return {
      output: read(output),
      state: state.map(read),
      dx: read(grads[0]!),
      dInitialState: grads.slice(1, 1 + sizes.length).map(read),
      dWeights: Object.fromEntries(names.map((name, i) => [name, read(grads[1 + sizes.length + i]!)])),
    };
  });
}

/** The fused kernels, called through the backend's methods. */
function fused(spec: SequenceSpec, dtype: FloatDType, data: CaseData): SequenceResults {
  const harness = new FusedHarness(backend, dtype);
  try {
    const sizes = stateSizesOf(spec.cell);
    const x = harness.tensor(data.x, [T, B, I]);
    const initialState = sizes.map((n, k) => harness.tensor(data.initialState[k]!, [B, n]));
    const weights = Object.fromEntries(Object.entries(data.weights).map(([name, w]) => [name, harness.tensor(w.values, w.shape)]));
    const forward = harness.forward(spec, x, weights, initialState);
    const grads = harness.backward(
      spec,
      { x, weights, initialState, forward },
      harness.tensor(data.dOutput, [T, B, outputSizeOf(spec.cell)]),
      sizes.map((n, k) => harness.tensor(data.dState[k]!, [B, n])),
    );
    return {
      output: harness.read(forward.output),
      state: forward.state.map((s) => harness.read(s)),
      dx: harness.read(grads.dx),
      dInitialState: grads.dInitialState.map((g) => harness.read(g)),
      dWeights: Object.fromEntries(Object.entries(grads.dWeights).map(([name, g]) => [name, harness.read(g)])),
    };
  } finally {
    harness.release();
  }
}

function expectSameResults(actual: SequenceResults, expected: SequenceResults, tolerance: Tolerance): void {
  expectClose(actual.output, expected.output, tolerance, 'output');
  expected.state.forEach((s, k) => { expectClose(actual.state[k]!, s, tolerance, `state[${k}]`); });
  expectClose(actual.dx, expected.dx, tolerance, 'dx');
  expected.dInitialState.forEach((g, k) => { expectClose(actual.dInitialState[k]!, g, tolerance, `dInitialState[${k}]`); });
  expect(Object.keys(actual.dWeights).sort()).toEqual(Object.keys(expected.dWeights).sort());
  for (const [name, g] of Object.entries(expected.dWeights)) expectClose(actual.dWeights[name]!, g, tolerance, name);
}

function expectFusedMatchesComposed(spec: SequenceSpec, dtype: FloatDType, seed: number): void {
  const before = backend.numHandles();
  const data = caseData(spec.cell, seed);
  expectSameResults(fused(spec, dtype, data), composed(spec, dtype, data), TOLERANCE[dtype]);
  expect(backend.numHandles()).toBe(before);
}

const specOf = (cell: FusedCellConfig, reverse: boolean, lengths: readonly number[] | null): SequenceSpec =>
  ({ cell, steps: T, batch: B, inputSize: I, reverse, lengths, training: true });

describe.each(Object.entries(FAMILIES))('fused %s', (_, family) => {
  const cases = [true, false].flatMap((bias) =>
    [false, true].flatMap((reverse) =>
      [null, LENGTHS].map((lengths) => ({
        bias,
        reverse,
        lengths,
        label: `${bias ? 'bias' : 'no bias'}, ${reverse ? 'reverse' : 'forward'}, ${lengths === null ? 'full length' : `lengths [${lengths.join(', ')}]`}`,
      })),
    ),
  );
  it.each(cases)('matches the composed reference in float64 ($label)', ({ bias, reverse, lengths }) => {
    expectFusedMatchesComposed(specOf({ ...family, hiddenSize: H, bias }, reverse, lengths), 'float64', 11);
  });

  it('matches the composed reference in float32 (reverse, with lengths)', () => {
    expectFusedMatchesComposed(specOf({ ...family, hiddenSize: H, bias: true }, true, LENGTHS), 'float32', 12);
  });

  it('keeps no reserve outside training and computes the same forward values', () => {
    const cell = { ...family, hiddenSize: H, bias: true };
    const data = caseData(cell, 13);
    const harness = new FusedHarness(backend, 'float64');
    const run = (training: boolean): { output: number[]; state: number[][]; reserve: boolean } => {
      const x = harness.tensor(data.x, [T, B, I]);
      const initialState = stateSizesOf(cell).map((n, k) => harness.tensor(data.initialState[k]!, [B, n]));
      const weights = Object.fromEntries(Object.entries(data.weights).map(([name, w]) => [name, harness.tensor(w.values, w.shape)]));
      const result = harness.forward({ ...specOf(cell, false, LENGTHS), training }, x, weights, initialState);
      return { output: harness.read(result.output), state: result.state.map((s) => harness.read(s)), reserve: result.reserve !== null };
    };
    const [training, inference] = [run(true), run(false)];
    harness.release();
    expect(inference.reserve).toBe(false);
    expect(training.reserve).toBe(true);
    expect(inference.output).toEqual(training.output);
    expect(inference.state).toEqual(training.state);
  });
});
