/**
 * The fused sequence kernels against the cpu backend's (the reference): every cell
 * configuration × direction × lengths × bias, forward outputs and states, and a training
 * forward then backward with every gradient; plus one submit per sequence and no leaked handles.
 */
import { createCpuBackend } from '@rnn/tensor';
import type { Backend, FusedCellConfig, Handle, SequenceSpec, Shape, TensorSpec } from '@rnn/tensor/backend';
import { cellWeightNames } from '@rnn/tensor/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../../backend.js';
import { createTestBackend, noGpuReason } from '../../testing/gpu.js';

const TOLERANCE = { rtol: 1e-4, atol: 1e-5 };

const CELLS: Record<string, Omit<FusedCellConfig, 'hiddenSize' | 'bias'>> = {
  'rnn tanh': { kind: 'rnn', nonlinearity: 'tanh' },
  'rnn relu': { kind: 'rnn', nonlinearity: 'relu' },
  lstm: { kind: 'lstm' },
  'lstm projection': { kind: 'lstm', projSize: 3 },
  'lstm peephole': { kind: 'lstm', peephole: true },
  'lstm cifg': { kind: 'lstm', cifg: true },
  'lstm projection peephole cifg': { kind: 'lstm', projSize: 3, peephole: true, cifg: true },
  'gru reset after': { kind: 'gru', resetAfter: true },
  'gru reset before': { kind: 'gru', resetAfter: false },
};

const outputSize = (cell: FusedCellConfig): number => (cell.projSize ?? 0) > 0 ? cell.projSize! : cell.hiddenSize;
const stateSizes = (cell: FusedCellConfig): number[] => (cell.kind === 'lstm' ? [outputSize(cell), cell.hiddenSize] : [cell.hiddenSize]);

function weightShape(cell: FusedCellConfig, name: string, inputSize: number): number[] {
  const rows = { rnn: 1, lstm: 4, gru: 3 }[cell.kind] * cell.hiddenSize;
  if (name === 'weight_ih') return [rows, inputSize];
  if (name === 'weight_hh') return [rows, outputSize(cell)];
  if (name === 'weight_hr') return [cell.projSize!, cell.hiddenSize];
  return name.startsWith('bias') ? [rows] : [cell.hiddenSize];
}

/** Deterministic values in [−scale, scale). */
function seeded(seed: number, length: number, scale: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 2 ** 32 - 0.5) * 2 * scale;
  });
}

const size = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);

/** The same inputs written to one backend, and everything it returns, owned for disposal. */
class Run {
  readonly owned: Handle[] = [];
  constructor(readonly backend: Backend) {}

  tensor(values: readonly number[], shape: Shape): TensorSpec {
    return this.own(this.backend.write(values, shape, 'float32'), shape);
  }

  own(handle: Handle, shape: Shape): TensorSpec {
    this.owned.push(handle);
    return { handle, shape, dtype: 'float32' };
  }

  release(): void {
    for (const h of this.owned.splice(0)) this.backend.dispose(h);
  }
}

interface Inputs {
  x: number[];
  weights: Record<string, number[]>;
  initialState: number[][];
  dOutput: number[] | null;
  dState: (number[] | null)[];
}

function inputsFor(spec: SequenceSpec, withGradients: boolean): Inputs {
  const { cell, steps, batch, inputSize } = spec;
  const scale = 1 / Math.sqrt(cell.hiddenSize);
  const names = cellWeightNames(cell);
  return {
    x: seeded(1, steps * batch * inputSize, 1),
    weights: Object.fromEntries(names.map((name, i) => [name, seeded(10 + i, size(weightShape(cell, name, inputSize)), scale)])),
    initialState: stateSizes(cell).map((n, k) => seeded(20 + k, batch * n, 0.5)),
    dOutput: withGradients ? seeded(30, steps * batch * outputSize(cell), 1) : null,
    dState: stateSizes(cell).map((n, k) => (withGradients ? seeded(40 + k, batch * n, 1) : null)),
  };
}

interface Results {
  forward: Record<string, number[]>;
  backward: Record<string, number[]> | null;
}

async function runOn(backend: Backend, spec: SequenceSpec, inputs: Inputs, backward: boolean): Promise<Results> {
  const run = new Run(backend);
  const { cell, steps, batch, inputSize } = spec;
  const x = run.tensor(inputs.x, [steps, batch, inputSize]);
  const weights = Object.fromEntries(Object.entries(inputs.weights).map(([name, w]) => [name, run.tensor(w, weightShape(cell, name, inputSize))]));
  const shapes = stateSizes(cell).map((n) => [batch, n]);
  const initialState = inputs.initialState.map((s, k) => run.tensor(s, shapes[k]!));
  const result = backend.rnnSequence!(spec, x, weights, initialState);
  const output = run.own(result.output, [steps, batch, outputSize(cell)]);
  const forward: Record<string, TensorSpec> = { output, ...Object.fromEntries(result.state.map((h, k) => [`state${k}`, run.own(h, shapes[k]!)])) };
  const reserve = result.reserve === null ? null : run.own(result.reserve, [result.reserveSize]);
  let gradients: Record<string, TensorSpec> | null = null;
  if (backward) {
    const dOutput = inputs.dOutput === null ? null : run.tensor(inputs.dOutput, output.shape);
    const dState = inputs.dState.map((d, k) => (d === null ? null : run.tensor(d, shapes[k]!)));
    const grads = backend.rnnSequenceBackward!(spec, { x, weights, initialState, output, reserve: reserve! }, dOutput, dState);
    gradients = {
      dx: run.own(grads.dx, x.shape),
      ...Object.fromEntries(grads.dInitialState.map((h, k) => [`dState${k}`, run.own(h, shapes[k]!)])),
      ...Object.fromEntries(Object.entries(grads.dWeights).map(([name, h]) => [name, run.own(h, weights[name]!.shape)])),
    };
  }
  const read = async (specs: Record<string, TensorSpec>): Promise<Record<string, number[]>> =>
    Object.fromEntries(await Promise.all(Object.entries(specs).map(async ([name, t]) => [name, Array.from(await backend.read(t))] as const)));
  const results = { forward: await read(forward), backward: gradients === null ? null : await read(gradients) };
  run.release();
  return results;
}

function expectClose(actual: Record<string, number[]>, expected: Record<string, number[]>, label: string): void {
  expect(Object.keys(actual).sort(), label).toEqual(Object.keys(expected).sort());
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name]!;
    expect(a.length, `${label} ${name}: length`).toBe(e.length);
    const bad = e.findIndex((v, i) => !(Math.abs(a[i]! - v) <= TOLERANCE.atol + TOLERANCE.rtol * Math.abs(v)));
    if (bad >= 0) expect.fail(`${label} ${name}[${bad}]: got ${a[bad]}, expected ${e[bad]}`);
  }
}

describe.skipIf(noGpuReason !== null)('webgpu fused sequence kernels', () => {
  let gpu: WebGpuBackend;
  const cpu = createCpuBackend();
  beforeAll(async () => {
    gpu = await createTestBackend();
  });
  afterAll(() => {
    gpu.destroy();
  });

  const spec = (cell: FusedCellConfig, more: Partial<SequenceSpec>): SequenceSpec => ({
    cell,
    dtype: 'float32',
    steps: 5,
    batch: 3,
    inputSize: 4,
    reverse: false,
    lengths: null,
    training: true,
    ...more,
  });

  async function compare(s: SequenceSpec, withGradients = true): Promise<void> {
    expect(gpu.supportsSequence!(s)).toBe(true);
    const inputs = inputsFor(s, withGradients);
    const before = gpu.numHandles();
    const expected = await runOn(cpu, s, inputs, s.training);
    const actual = await runOn(gpu, s, inputs, s.training);
    expectClose(actual.forward, expected.forward, 'forward');
    if (expected.backward !== null) expectClose(actual.backward!, expected.backward, 'backward');
    expect(gpu.numHandles()).toBe(before);
  }

  for (const [name, options] of Object.entries(CELLS)) {
    describe(name, () => {
      for (const reverse of [false, true]) {
        for (const lengths of [null, [4, 2, 0]]) {
          for (const bias of [true, false]) {
            const label = `${reverse ? 'reverse' : 'forward'}, ${lengths === null ? 'full length' : 'lengths'}, ${bias ? 'bias' : 'no bias'}`;
            const cell = { ...options, hiddenSize: 6, bias } as FusedCellConfig;
            it(`${label}: training forward and backward`, async () => {
              await compare(spec(cell, { reverse, lengths }));
            });
            it(`${label}: inference forward`, async () => {
              await compare(spec(cell, { reverse, lengths, training: false }));
            });
          }
        }
      }
      it('backward with no output or state gradients given', async () => {
        await compare(spec({ ...options, hiddenSize: 6, bias: true }, { lengths: [5, 3, 1] }), false);
      });
      it('a larger sequence (T=32, B=8, H=64)', async () => {
        await compare(spec({ ...options, hiddenSize: 64, bias: true, ...(options.projSize === undefined ? {} : { projSize: 16 }) }, { steps: 32, batch: 8, inputSize: 16 }));
      }, 120_000);
    });
  }

  it('submits each sequence once, forward and backward', () => {
    const s = spec({ kind: 'lstm', hiddenSize: 6, bias: true, projSize: 3, peephole: true }, { lengths: [5, 3, 2] });
    const inputs = inputsFor(s, true);
    const run = new Run(gpu);
    const x = run.tensor(inputs.x, [5, 3, 4]);
    const weights = Object.fromEntries(Object.entries(inputs.weights).map(([name, w]) => [name, run.tensor(w, weightShape(s.cell, name, 4))]));
    const initialState = inputs.initialState.map((v, k) => run.tensor(v, [3, stateSizes(s.cell)[k]!]));
    gpu.flush();
    const submits = gpu.stats().submits;
    const result = gpu.rnnSequence!(s, x, weights, initialState);
    const output = run.own(result.output, [5, 3, 3]);
    for (const h of [...result.state, result.reserve!]) run.own(h, [0]);
    expect(gpu.stats().submits).toBe(submits);
    gpu.flush();
    expect(gpu.stats().submits).toBe(submits + 1);
    const grads = gpu.rnnSequenceBackward!(s, { x, weights, initialState, output, reserve: { handle: result.reserve!, shape: [result.reserveSize], dtype: 'float32' } }, run.tensor(inputs.dOutput!, output.shape), [null, null]);
    for (const h of [grads.dx, ...grads.dInitialState, ...Object.values(grads.dWeights)]) run.own(h, [0]);
    expect(gpu.stats().submits).toBe(submits + 1);
    gpu.flush();
    expect(gpu.stats().submits).toBe(submits + 2);
    run.release();
  });

  it('declines float64 and empty sizes, so the composed path runs', () => {
    const cell: FusedCellConfig = { kind: 'gru', hiddenSize: 4, bias: true };
    expect(gpu.supportsSequence!(spec(cell, {}))).toBe(true);
    expect(gpu.supportsSequence!(spec(cell, { dtype: 'float64' }))).toBe(false);
    expect(gpu.supportsSequence!(spec(cell, { steps: 0 }))).toBe(false);
    expect(gpu.supportsSequence!(spec({ kind: 'gru', hiddenSize: 4, bias: true, peephole: true }, {}))).toBe(false);
  });
});
