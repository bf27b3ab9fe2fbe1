// Every cell and variant differentiates correctly through time: autograd's gradients of a loss
// over 3 steps of rnnSequence (outputs and final states, randomly weighted) match central
// differences in float64, for the inputs, the initial states and every parameter.
import { add, createCpuBackend, Generator, gradientMismatches, mul, normal, rnnSequence, setBackend, sum, uniform, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellDefinition } from './cell.js';
import { elmanCell } from './cells/elman.js';
import { gruCell } from './cells/gru.js';
import { jordanCell } from './cells/jordan.js';
import { lstmCell } from './cells/lstm/lstm-cell.js';
import { initParameters } from './init-parameters.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

const [steps, batch, inputSize] = [3, 2, 3];
const lstm = (options: Partial<Parameters<typeof lstmCell>[0]>): CellDefinition => lstmCell({ inputSize, hiddenSize: 4, ...options });

const cells: [string, () => CellDefinition][] = [
  ['LSTM vanilla', () => lstm({})],
  ['LSTM with peepholes', () => lstm({ peephole: true })],
  ['LSTM with projection', () => lstm({ projSize: 2 })],
  ['LSTM NIG', () => lstm({ variant: 'NIG', peephole: true })],
  ['LSTM NFG', () => lstm({ variant: 'NFG', peephole: true })],
  ['LSTM NOG', () => lstm({ variant: 'NOG', peephole: true })],
  ['LSTM NIAF', () => lstm({ variant: 'NIAF', peephole: true })],
  ['LSTM NOAF', () => lstm({ variant: 'NOAF', peephole: true })],
  ['LSTM NP', () => lstm({ variant: 'NP' })],
  ['LSTM CIFG', () => lstm({ variant: 'CIFG', peephole: true })],
  ['LSTM FGR', () => lstm({ variant: 'FGR', peephole: true })],
  ['LSTM with memory blocks of 2 cells, peepholes and projection', () => lstm({ blockSize: 2, peephole: true, projSize: 3 })],
  ['LSTM FGR over memory blocks', () => lstm({ blockSize: 2, variant: 'FGR' })],
  ['LSTM with cell clip', () => lstm({ cellClip: 0.5, peephole: true })],
  ['LSTM with hard-sigmoid gates and relu candidate', () => lstm({ gateActivation: 'hardSigmoid', candidateActivation: 'relu' })],
  ['GRU, reset after the matmul', () => gruCell({ inputSize, hiddenSize: 4 })],
  ['GRU, reset before the matmul', () => gruCell({ inputSize, hiddenSize: 4, resetAfter: false })],
  ['GRU without bias', () => gruCell({ inputSize, hiddenSize: 4, bias: false, resetAfter: false })],
  ['Elman tanh', () => elmanCell({ inputSize, hiddenSize: 4 })],
  ['Elman relu', () => elmanCell({ inputSize, hiddenSize: 4, nonlinearity: 'relu' })],
  ['IRNN', () => elmanCell({ inputSize, hiddenSize: 4, irnn: true })],
  ['Jordan', () => jordanCell({ inputSize, hiddenSize: 4, outputSize: 2, outputActivation: 'sigmoid' })],
];

describe.each(cells)('%s', (_, make) => {
  it('has autograd gradients equal to central differences over 3 steps', () => {
    const cell = make();
    const gen = new Generator(11);
    const f64 = { generator: gen, dtype: 'float64' as const };
    const weights = initParameters(cell, f64);
    const names = Object.keys(weights);
    const x = normal([steps, batch, inputSize], f64);
    const initialState = cell.stateSizes.map((size) => uniform([batch, size], { ...f64, low: -0.5, high: 0.5 }));
    // Random weights on every output and final state, so no gradient is a plain sum.
    const outputWeight = normal([steps, batch, cell.stateSizes[0]!], f64);
    const stateWeights = cell.stateSizes.map((size) => normal([batch, size], f64));
    const loss = (x: Tensor, ...rest: Tensor[]): Tensor => {
      const state0 = rest.slice(0, cell.stateSizes.length);
      const bound = cell.bind(Object.fromEntries(names.map((n, i) => [n, rest[state0.length + i]!])));
      const { output, state } = rnnSequence(bound, x, { initialState: state0 });
      return state.reduce((total, s, k) => add(total, sum(mul(s, stateWeights[k]!))), sum(mul(output, outputWeight)));
    };
    const args = [x, ...initialState, ...names.map((n) => weights[n]!)];
    const labels = ['x', ...cell.stateNames.map((s) => `${s}0`), ...names];
    expect(gradientMismatches(loss, args, labels)).toEqual([]);
  });
});
