import { describe, expect, it } from 'vitest';
import { ArgumentError, createCpuBackend, Generator, normal, reshape, rnnSequence, setBackend, type Tensor } from '@rnn/tensor';
import { lstmCell } from '@rnn/cells';
import { loadModel, saveModel } from '../../model/save-load.js';
import { buildModule } from '../../module/registry.js';
import { LSTM } from './pytorch-layers.js';

// Fixtures are made at collection time, so the backend is chosen first.
setBackend(createCpuBackend());

const f64 = (seed: number) => ({ generator: new Generator(seed), dtype: 'float64' as const });
const [T, B, I, H] = [5, 3, 4, 6];
const x = normal([T, B, I], f64(1));
const values = (t: Tensor): number[] => [...t.dataSync()];
const expectClose = (a: Tensor, b: Tensor): void => {
  expect(a.shape).toEqual(b.shape);
  const vb = values(b);
  values(a).forEach((v, i) => {
    expect(v).toBeCloseTo(vb[i]!, 12);
  });
};

describe('LSTM layer with memory blocks', () => {
  it('runs lstmCell({ blockSize }) on its weights, one gate row per block', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, blockSize: 2, ...f64(0) });
    expect(lstm.blockSize).toBe(2);
    // 3 blocks of 2 cells: i, f, o have a row per block (3 each), g one per cell (6).
    expect(lstm.stateDict().weight_ih_l0!.shape).toEqual([3 * 3 + H, I]);
    const weights = Object.fromEntries(lstm.namedParameters().map(([n, p]) => [n.replace(/_l0$/, ''), p]));
    const direct = rnnSequence(lstmCell({ inputSize: I, hiddenSize: H, blockSize: 2 }).bind(weights), x);
    const { output, state } = lstm.call(x);
    expectClose(output, direct.output);
    expectClose(state[1]!, reshape(direct.state[1]!, [1, B, H]));
  });

  it('saves and loads its blockSize, reproducing its outputs', async () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, blockSize: 3, peephole: true, ...f64(0) });
    const copy = loadModel(await saveModel(lstm));
    expect(copy).toBeInstanceOf(LSTM);
    expect(copy).toMatchObject({ blockSize: 3 });
    expectClose(copy.forward(x), lstm.forward(x));
  });

  it('loads a config saved before blockSize was an option as one cell per block', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, ...f64(0) });
    const { blockSize, ...older } = lstm.toConfig().options;
    expect(blockSize).toBe(1);
    const copy = buildModule({ type: 'LSTM', options: older });
    expect(copy).toBeInstanceOf(LSTM);
    expect(copy).toMatchObject({ blockSize: 1 });
    copy.loadStateDict(lstm.stateDict());
    expectClose(copy.forward(x), lstm.forward(x));
  });

  it('refuses a blockSize that does not divide hiddenSize, as the cell does', () => {
    expect(() => new LSTM({ inputSize: I, hiddenSize: H, blockSize: 4, ...f64(0) })).toThrow(ArgumentError);
    expect(() => new LSTM({ inputSize: I, hiddenSize: H, blockSize: 4, ...f64(0) })).toThrow('lstmCell: blockSize 4 does not divide hiddenSize 6 into whole memory blocks');
  });
});
