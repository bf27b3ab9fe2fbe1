/**
 * For the sequence kernels' tests: a case's tensors as seeded values, a training forward and
 * backward pass through any backend's fused methods, and an elementwise comparison.
 */
import { createCpuBackend, Generator, normal, type Backend } from '@rnn/tensor';
import type { FusedCellConfig, Handle, SequenceSpec, Shape, TensorSpec } from '@rnn/tensor/backend';
import { expect } from 'vitest';
import { weightNames } from './weights.js';

export interface Case {
  readonly cell: FusedCellConfig;
  readonly steps: number;
  readonly batch: number;
  readonly inputSize: number;
  readonly reverse: boolean;
  readonly lengths: readonly number[] | null;
}

export type Values = Record<string, Float64Array>;

const outputSize = (cell: FusedCellConfig): number => (cell.projSize !== undefined && cell.projSize > 0 ? cell.projSize : cell.hiddenSize);
const stateSizes = (cell: FusedCellConfig): number[] => (cell.kind === 'lstm' ? [outputSize(cell), cell.hiddenSize] : [cell.hiddenSize]);

function weightShape(cell: FusedCellConfig, name: string, inputSize: number): number[] {
  const rows = { rnn: 1, lstm: 4, gru: 3 }[cell.kind] * cell.hiddenSize;
  switch (name) {
    case 'weight_ih':
      return [rows, inputSize];
    case 'weight_hh':
      return [rows, outputSize(cell)];
    case 'weight_hr':
      return [cell.projSize!, cell.hiddenSize];
    case 'bias_ih':
    case 'bias_hh':
      return [rows];
    default:
      return [cell.hiddenSize];
  }
}

/** The tensors of a case by name: x, state0…, the weights, dOutput, dState0…; seeded normals. */
function caseShapes(c: Case): [string, number[]][] {
  const states = stateSizes(c.cell);
  return [
    ['x', [c.steps, c.batch, c.inputSize]],
    ...states.map((n, k): [string, number[]] => [`state${k}`, [c.batch, n]]),
    ...weightNames(c.cell).map((name): [string, number[]] => [name, weightShape(c.cell, name, c.inputSize)]),
    ['dOutput', [c.steps, c.batch, outputSize(c.cell)]],
    ...states.map((n, k): [string, number[]] => [`dState${k}`, [c.batch, n]]),
  ];
}

/**
 * Weights of std 1/√fan-in (about PyTorch's initialization): larger ones make a wide network
 * chaotic, where any rounding difference grows step by step and no tolerance holds.
 */
export function caseValues(c: Case, seed: number): Values {
  const oracle = createCpuBackend();
  const generator = new Generator(seed);
  const weights = weightNames(c.cell);
  return Object.fromEntries(
    caseShapes(c).map(([name, shape]) => {
      const std = weights.includes(name) ? 1 / Math.sqrt(Math.max(c.cell.hiddenSize, c.inputSize, 1)) : 0.5;
      return [name, Float64Array.from(normal(shape, { generator, dtype: 'float64', std, backend: oracle }).dataSync())];
    }),
  );
}

/** A training forward and backward pass through a backend's fused methods; every result read back. */
export function runCase(backend: Backend, dtype: 'float32' | 'float64', c: Case, values: Values): Values {
  const handles: Handle[] = [];
  const spec = (shape: Shape, handle: Handle): TensorSpec => {
    handles.push(handle);
    return { handle, shape, dtype };
  };
  const shapes = new Map(caseShapes(c));
  const input = (name: string): TensorSpec => spec(shapes.get(name)!, backend.write(values[name]!, shapes.get(name)!, dtype));
  const states = stateSizes(c.cell).map((_, k) => k);
  const weights = Object.fromEntries(weightNames(c.cell).map((name) => [name, input(name)]));
  const x = input('x');
  const initialState = states.map((k) => input(`state${k}`));
  const sequenceSpec: SequenceSpec = { ...c, dtype: 'float32', training: true };
  try {
    const forward = backend.rnnSequence!(sequenceSpec, x, weights, initialState);
    const output = spec([c.steps, c.batch, outputSize(c.cell)], forward.output);
    const reserve = spec([forward.reserveSize], forward.reserve!);
    const finalState = forward.state.map((h, k) => spec(initialState[k]!.shape, h));
    const grads = backend.rnnSequenceBackward!(sequenceSpec, { x, weights, initialState, output, reserve }, input('dOutput'), states.map((k) => input(`dState${k}`)));
    const read = (t: TensorSpec): Float64Array => Float64Array.from(backend.readSync!(t));
    return {
      output: read(output),
      ...Object.fromEntries(finalState.map((t, k) => [`final state${k}`, read(t)])),
      dx: read(spec(x.shape, grads.dx)),
      ...Object.fromEntries(grads.dInitialState.map((h, k) => [`d state${k}`, read(spec(initialState[k]!.shape, h))])),
      ...Object.fromEntries(Object.entries(grads.dWeights).map(([name, h]) => [`d ${name}`, read(spec(weights[name]!.shape, h))])),
    };
  } finally {
    for (const h of handles) backend.dispose(h);
  }
}

/** |ours − oracle| ≤ atol + rtol·|oracle| everywhere, else the worst element. */
export function expectClose(ours: Values, oracle: Values, rtol: number, atol: number, label: string): void {
  expect(Object.keys(ours).sort(), label).toEqual(Object.keys(oracle).sort());
  for (const [name, expected] of Object.entries(oracle)) {
    const actual = ours[name]!;
    expect(actual.length, `${label}: ${name} length`).toBe(expected.length);
    let worst = { i: -1, ratio: 0 };
    for (let i = 0; i < expected.length; i++) {
      const ratio = Math.abs(actual[i]! - expected[i]!) / (atol + rtol * Math.abs(expected[i]!));
      if (!(ratio <= worst.ratio)) worst = { i, ratio };
    }
    expect(worst.ratio, `${label}: ${name}[${worst.i}] ${actual[worst.i]} vs ${expected[worst.i]}`).toBeLessThanOrEqual(1);
  }
}
