/**
 * Whole-sequence recurrences: for a backend that declares the optional fused kernels
 * (`rnnSequence`, `rnnSequenceBackward`), `rnnSequence` with a fused cell must equal the same
 * cell run step by step with tensor ops (the composed path), on the same backend: outputs and
 * final states without a tape, and under `valueAndGrad` the loss and the gradients of x, of the
 * initial state and of every weight, for every family and option, both directions, with and
 * without per-entry lengths. Each fused run must really have called the kernels (one forward
 * per sequence, one backward under a gradient), and neither path may leave a handle behind.
 *
 * Skips come from capabilities only: no fused kernels, or `supportsSequence` declining the
 * configuration.
 */
import {
  add,
  dispose,
  fromArray,
  Generator,
  mul,
  normal,
  numHandles,
  rnnSequence,
  sum,
  valueAndGrad,
  type Backend,
  type FusedCellConfig,
  type RecurrentCell,
  type Shape,
  type Tensor,
} from '@rnn/tensor';
import type { SequenceSpec } from '@rnn/tensor/backend';
import { expect } from 'vitest';
import type { CaseGroup, Check, CheckEnv } from '../case.js';
import { expectAllclose, type Result } from '../compare.js';
import { countSequenceCalls, type CountingBackend } from '../counting-backend.js';
import { readAll } from '../execute.js';
import { seedOf } from '../inputs.js';
import { scaled, type FloatDType, type Tolerances } from '../options.js';
import { composedCell, fusedCell, stateSizesOf, outputSizeOf, weightShapes, type NamedWeights } from '../sequence-cells.js';

/** Small on purpose: 160 runs stay well under a second each on the cpu backend. */
const [T, B, I, H, P] = [5, 4, 3, 4, 2];

/** A full-length entry, a short one, an empty one and one a step short. */
const MIXED_LENGTHS: readonly number[] = [T, 2, 0, T - 1];

/**
 * Fused and composed sum in different orders (one GEMM over all steps, pre-summed biases, dW
 * reduced once), so they agree to rounding, not bit for bit: the dtype's tolerance widened by
 * this factor (float64 1e-12 → 1e-10; float32 1e-5 → 1e-4 relative).
 */
const TOLERANCE_SCALE: Record<FloatDType, number> = { float64: 100, float32: 10 };

const base = { hiddenSize: H, bias: true } as const;

/** Every family and option of `FusedCellConfig`. */
const CELLS: readonly (readonly [string, FusedCellConfig])[] = [
  ['rnn tanh', { ...base, kind: 'rnn', nonlinearity: 'tanh' }],
  ['rnn relu', { ...base, kind: 'rnn', nonlinearity: 'relu' }],
  ['lstm', { ...base, kind: 'lstm' }],
  ['lstm + projection', { ...base, kind: 'lstm', projSize: P }],
  ['lstm + peepholes', { ...base, kind: 'lstm', peephole: true }],
  ['lstm cifg', { ...base, kind: 'lstm', cifg: true }],
  ['lstm + peepholes + projection, cifg', { ...base, kind: 'lstm', peephole: true, projSize: P, cifg: true }],
  ['gru (reset after)', { ...base, kind: 'gru', resetAfter: true }],
  ['gru (reset before)', { ...base, kind: 'gru', resetAfter: false }],
  ['gru (reset after), no bias', { ...base, kind: 'gru', resetAfter: true, bias: false }],
  ['rnn tanh, no bias', { ...base, kind: 'rnn', nonlinearity: 'tanh', bias: false }],
  ['lstm + peepholes + projection, no bias', { ...base, kind: 'lstm', peephole: true, projSize: P, bias: false }],
  ['gru (reset before), no bias', { ...base, kind: 'gru', resetAfter: false, bias: false }],
];

type Mode = 'inference' | 'training';

interface Variant {
  readonly cellName: string;
  readonly cell: FusedCellConfig;
  readonly reverse: boolean;
  readonly lengths: readonly number[] | null;
  readonly mode: Mode;
}

/** A run's inputs on the counting view, in the dtype under test, and the upstream gradients of the loss. */
interface SequenceInputs {
  readonly x: Tensor;
  readonly initialState: Tensor[];
  readonly weightNames: string[];
  readonly weights: NamedWeights;
  /** loss = sum(output · dOutput) + Σₖ sum(stateₖ · dStateₖ). */
  readonly dOutput: Tensor;
  readonly dState: Tensor[];
}

/** Seeded normal values drawn on the oracle in float64, then written to `backend` in `dtype`. */
async function makeInputs(cell: FusedCellConfig, seedName: string, oracle: Backend, backend: Backend, dtype: FloatDType): Promise<SequenceInputs> {
  const generator = new Generator(seedOf(seedName));
  const made: Tensor[] = [];
  const draw = async (shape: Shape, std: number): Promise<Tensor> => {
    const drawn = normal(shape, { generator, dtype: 'float64', std, backend: oracle });
    let values: Float64Array;
    try {
      values = Float64Array.from(await drawn.data());
    } finally {
      drawn.dispose();
    }
    const t = fromArray(values, { shape, dtype, backend });
    made.push(t);
    return t;
  };
  try {
    const sizes = stateSizesOf(cell);
    const x = await draw([T, B, I], 1);
    const initialState: Tensor[] = [];
    for (const n of sizes) initialState.push(await draw([B, n], 0.5));
    const weights: Record<string, Tensor> = {};
    const shapes = weightShapes(cell, I);
    for (const [name, shape] of shapes) weights[name] = await draw(shape, 0.5);
    const dOutput = await draw([T, B, outputSizeOf(cell)], 1);
    const dState: Tensor[] = [];
    for (const n of sizes) dState.push(await draw([B, n], 1));
    return { x, initialState, weightNames: shapes.map(([name]) => name), weights, dOutput, dState };
  } catch (e) {
    dispose(made);
    throw e;
  }
}

const disposeInputs = (inputs: SequenceInputs): void => {
  dispose([inputs.x, ...inputs.initialState, ...Object.values(inputs.weights), inputs.dOutput, ...inputs.dState]);
};

type MakeCell = (cell: FusedCellConfig, weights: NamedWeights) => RecurrentCell;

/** What a run yields, with a label each: outputs and final states, or the loss and every gradient. */
interface Labelled {
  readonly labels: string[];
  readonly tensors: Tensor[];
}

function runInference(makeCell: MakeCell, v: Variant, inputs: SequenceInputs): Labelled {
  const { output, state } = rnnSequence(makeCell(v.cell, inputs.weights), inputs.x, {
    initialState: inputs.initialState,
    lengths: v.lengths ?? undefined,
    reverse: v.reverse,
  });
  return { labels: ['output', ...state.map((_, k) => `final state[${k}]`)], tensors: [output, ...state] };
}

function runTraining(makeCell: MakeCell, v: Variant, inputs: SequenceInputs): Labelled {
  const { weightNames, dOutput, dState } = inputs;
  const k = inputs.initialState.length;
  const loss = (x: Tensor, ...rest: Tensor[]): Tensor => {
    const weights = Object.fromEntries(weightNames.map((name, i) => [name, rest[k + i]!]));
    const { output, state } = rnnSequence(makeCell(v.cell, weights), x, {
      initialState: rest.slice(0, k),
      lengths: v.lengths ?? undefined,
      reverse: v.reverse,
    });
    return state.reduce((total, s, j) => add(total, sum(mul(s, dState[j]!))), sum(mul(output, dOutput)));
  };
  const { value, grads } = valueAndGrad(loss)(inputs.x, ...inputs.initialState, ...weightNames.map((name) => inputs.weights[name]!));
  return {
    labels: ['loss', 'dL/dx', ...inputs.initialState.map((_, j) => `dL/d initialState[${j}]`), ...weightNames.map((name) => `dL/d ${name}`)],
    tensors: [value, ...grads],
  };
}

/** Runs one path, reads its results and frees them; the path must leave the handle count where it found it. */
async function runPath(path: string, makeCell: MakeCell, v: Variant, inputs: SequenceInputs, view: Backend, label: string): Promise<Labelled & { results: Result[] }> {
  const before = numHandles(view);
  const run = (v.mode === 'training' ? runTraining : runInference)(makeCell, v, inputs);
  let results: Result[];
  try {
    results = await readAll(run.tensors);
  } finally {
    dispose(run.tensors);
  }
  expect(numHandles(view), `${label}: live handles after the ${path} run, its results disposed (before: ${before}); a leak or a double free`).toBe(before);
  return { ...run, results };
}

function expectCalls(counting: CountingBackend, v: Variant, label: string): void {
  const { forward, backward } = counting.calls;
  expect(forward.length, `${label}: rnnSequence calls (one per sequence)`).toBe(1);
  expect(backward.length, `${label}: rnnSequenceBackward calls (${v.mode === 'training' ? 'one under valueAndGrad' : 'none without a tape'})`).toBe(
    v.mode === 'training' ? 1 : 0,
  );
  const spec = forward[0]!;
  expect(spec.training, `${label}: spec.training (a reserve only while a tape records)`).toBe(v.mode === 'training');
  expect({ steps: spec.steps, batch: spec.batch, inputSize: spec.inputSize, reverse: spec.reverse, lengths: spec.lengths }, `${label}: the spec`).toEqual({
    steps: T,
    batch: B,
    inputSize: I,
    reverse: v.reverse,
    lengths: v.lengths,
  });
}

async function fusedMatchesComposed(env: CheckEnv, v: Variant, label: string): Promise<void> {
  const { backend, oracle, dtype } = env;
  if (backend.rnnSequence === undefined || backend.rnnSequenceBackward === undefined) {
    env.skip(`the ${backend.name} backend has no fused sequence kernels (rnnSequence/rnnSequenceBackward)`);
  }
  const spec: SequenceSpec = { cell: v.cell, dtype, steps: T, batch: B, inputSize: I, reverse: v.reverse, lengths: v.lengths, training: v.mode === 'training' };
  if (backend.supportsSequence?.(spec) === false) env.skip(`supportsSequence declines ${JSON.stringify(spec)}`);

  const counting = countSequenceCalls(backend);
  const inputs = await makeInputs(v.cell, `sequence ${v.cellName}`, oracle, counting.backend, dtype);
  try {
    const composed = await runPath('composed', composedCell, v, inputs, counting.backend, label);
    expect(counting.calls.forward.length + counting.calls.backward.length, `${label}: the composed cell (no fused binding) must not reach the fused kernels`).toBe(0);
    const fused = await runPath('fused', fusedCell, v, inputs, counting.backend, label);
    expectCalls(counting, v, label);

    const tolerance: Tolerances = scaled(env.tolerances, TOLERANCE_SCALE[dtype]);
    expect(fused.labels, `${label}: results`).toEqual(composed.labels);
    composed.results.forEach((expected, i) => {
      const actual = fused.results[i]!;
      const what = `${label}: ${composed.labels[i]!}, fused vs composed`;
      expect([...actual.shape], `${what}: shape`).toEqual([...expected.shape]);
      expect(actual.dtype, `${what}: dtype`).toBe(expected.dtype);
      expectAllclose(actual.data, expected.data, tolerance, what, expected.shape);
    });
  } finally {
    disposeInputs(inputs);
  }
}

const describeLengths = (lengths: readonly number[] | null): string => (lengths === null ? 'no lengths' : `lengths [${lengths.join(', ')}]`);

const MODE_LABEL: Record<Mode, string> = {
  inference: 'outputs and states, no tape',
  training: 'loss and gradients under valueAndGrad',
};

const variants: Variant[] = CELLS.flatMap(([cellName, cell]) =>
  [false, true].flatMap((reverse) =>
    [null, MIXED_LENGTHS].flatMap((lengths) => (['inference', 'training'] as const).map((mode) => ({ cellName, cell, reverse, lengths, mode }))),
  ),
);

const sequenceChecks: Check[] = [
  {
    name: 'declares rnnSequence and rnnSequenceBackward together (the core uses either only with the other)',
    run: ({ backend }) => {
      const declared = { rnnSequence: backend.rnnSequence !== undefined, rnnSequenceBackward: backend.rnnSequenceBackward !== undefined };
      expect(declared.rnnSequence, `${backend.name}: rnnSequence is declared iff rnnSequenceBackward is (${JSON.stringify(declared)})`).toBe(
        declared.rnnSequenceBackward,
      );
    },
  },
  ...variants.map(
    (v): Check => {
      const name = `${v.cellName} · ${v.reverse ? 'reverse' : 'forward'} · ${describeLengths(v.lengths)} · ${MODE_LABEL[v.mode]}: fused ≡ composed`;
      return { name, run: (env) => fusedMatchesComposed(env, v, `${env.backend.name} ${env.dtype} sequence › ${name}`) };
    },
  ),
];

export const sequenceGroup: CaseGroup = { name: 'sequence', checks: sequenceChecks };
