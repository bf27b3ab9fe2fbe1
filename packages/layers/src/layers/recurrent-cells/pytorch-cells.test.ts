import { createCpuBackend, dispose, Generator, setBackend, ShapeError, zeros } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeakedHandles } from '../../testing/no-leaked-handles.js';
import { loadModel, saveModel } from '../../model/save-load.js';
import { GRUCell, LSTMCell, RNNCell } from './pytorch-cells.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

expectNoLeakedHandles();

const generator = new Generator(0);

describe('RNNCell, LSTMCell, GRUCell', () => {
  it("have PyTorch's parameter names and gate-stacked shapes", () => {
    const cells = [new RNNCell({ inputSize: 3, hiddenSize: 4, generator }), new LSTMCell({ inputSize: 3, hiddenSize: 4, generator }), new GRUCell({ inputSize: 3, hiddenSize: 4, generator })];
    expect(cells.map((cell) => Object.fromEntries(Object.entries(cell.stateDict()).map(([name, t]) => [name, t.shape])))).toEqual(
      [1, 4, 3].map((gates) => ({ weight_ih: [gates * 4, 3], weight_hh: [gates * 4, 4], bias_ih: [gates * 4], bias_hh: [gates * 4] })),
    );
    const unbiased = new RNNCell({ inputSize: 3, hiddenSize: 4, bias: false, generator });
    expect(Object.keys(unbiased.stateDict())).toEqual(['weight_ih', 'weight_hh']);
    unbiased.dispose();
    cells.forEach((cell) => {
      cell.dispose();
    });
  });

  it('step from zero states when none is given, as PyTorch does', () => {
    const cell = new LSTMCell({ inputSize: 3, hiddenSize: 4, generator });
    const x = zeros([2, 3]);
    const [h, c] = cell.call(x);
    const [h0, c0] = [zeros([2, 4]), zeros([2, 4])];
    const [h2, c2] = cell.call(x, [h0, c0]);
    expect(h.shape).toEqual([2, 4]);
    expect([...h.dataSync(), ...c.dataSync()]).toEqual([...h2.dataSync(), ...c2.dataSync()]);
    dispose([x, h, c, h0, c0, h2, c2]);
    cell.dispose();
  });

  it('refuse a state that does not match the batch or hidden size', () => {
    const cell = new GRUCell({ inputSize: 3, hiddenSize: 4, generator });
    const [x, h] = [zeros([2, 3]), zeros([2, 5])];
    expect(() => cell.call(x, h)).toThrow(ShapeError);
    dispose([x, h]);
    cell.dispose();
  });

  it('save and load with saveModel/loadModel', async () => {
    const cell = new RNNCell({ inputSize: 3, hiddenSize: 4, nonlinearity: 'relu', bias: false, dtype: 'float64', generator });
    const copy = loadModel(await saveModel(cell));
    expect(copy).toBeInstanceOf(RNNCell);
    expect(copy.toConfig()).toEqual({ type: 'RNNCell', options: { inputSize: 3, hiddenSize: 4, bias: false, dtype: 'float64', nonlinearity: 'relu' } });
    expect([...copy.stateDict().weight_hh!.dataSync()]).toEqual([...cell.stateDict().weight_hh!.dataSync()]);
    cell.dispose();
    copy.dispose();
  });
});
