import { add, createCpuBackend, Generator, setBackend, ShapeError, tanh, zeros, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineCell } from './cell.js';
import { lstmCell } from './cells/lstm/lstm-cell.js';
import { WeightError } from './errors.js';
import { linear } from './gates/linear.js';
import { initParameters } from './init-parameters.js';
import { constant, ones } from './initializers/constant.js';
import { glorotUniform } from './initializers/random.js';
import { values } from './testing/tensors.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** h' = tanh(W_ih·x + W_hh·h): the smallest cell, declared in one call. */
const tiny = defineCell({
  kind: 'tiny',
  inputSize: 3,
  stateNames: ['h'],
  stateSizes: [2],
  parameters: [
    { name: 'weight_ih', shape: [2, 3], init: glorotUniform() },
    { name: 'weight_hh', shape: [2, 2], init: constant(0.5) },
  ],
  step: (w, x, [h]) => [tanh(add(linear(x, w.weight_ih), linear(h!, w.weight_hh)))],
});

describe('defineCell', () => {
  it('declares the cell and binds it to weights as a RecurrentCell', () => {
    expect([tiny.kind, tiny.inputSize, tiny.stateNames, tiny.stateSizes]).toEqual(['tiny', 3, ['h'], [2]]);
    const weights = { weight_ih: zeros([2, 3]), weight_hh: zeros([2, 2]) };
    const [h] = tiny.bind(weights).step(zeros([5, 3]), [zeros([5, 2])]);
    expect(h!.shape).toEqual([5, 2]);
  });

  it('frees what a step computes on the way', () => {
    const cell = tiny.bind({ weight_ih: zeros([2, 3]), weight_hh: zeros([2, 2]) });
    const [x, h] = [zeros([1, 3]), zeros([1, 2])];
    const backend = x.backend;
    const before = backend.numHandles();
    cell.step(x, [h]);
    expect(backend.numHandles()).toBe(before + 1);
  });

  it('rejects a step input of the wrong width, naming the cell', () => {
    const cell = tiny.bind({ weight_ih: zeros([2, 3]), weight_hh: zeros([2, 2]) });
    expect(() => cell.step(zeros([1, 4]), [zeros([1, 2])])).toThrow(ShapeError);
    expect(() => cell.step(zeros([1, 4]), [zeros([1, 2])])).toThrow('tiny cell step: x must be [batch, 3] (got [1, 4])');
  });

  it('rejects a step function that returns the wrong states, naming the cell', () => {
    const declaration = { kind: 'sloppy', inputSize: 1, stateNames: ['h', 'c'], stateSizes: [2, 3], parameters: [] };
    const [x, h, c] = [zeros([4, 1]), zeros([4, 2]), zeros([4, 3])];
    expect(() => defineCell({ ...declaration, step: (_, __, [hPrev]) => [hPrev!] }).bind({}).step(x, [h, c])).toThrow(
      'sloppy cell step: result has 1 state tensors; the cell declares 2',
    );
    expect(() => defineCell({ ...declaration, step: (_, __, [hPrev]) => [hPrev!, hPrev!] }).bind({}).step(x, [h, c])).toThrow(
      'sloppy cell step: state 1 must be [batch, 3] = [4, 3] (got [4, 2])',
    );
  });

  it('rejects declarations that contradict themselves', () => {
    const base = { kind: 'bad', inputSize: 1, step: () => [] };
    expect(() => defineCell({ ...base, stateNames: ['h', 'c'], stateSizes: [1], parameters: [] })).toThrow('must name the same, non-zero number of states');
    expect(() =>
      defineCell({ ...base, stateNames: ['h'], stateSizes: [1], parameters: [1, 2].map(() => ({ name: 'w', shape: [1], init: ones() })) }),
    ).toThrow("bad cell: parameters declare 'w' twice");
  });
});

describe('bind', () => {
  const lstm = lstmCell({ inputSize: 3, hiddenSize: 4 });
  const weights = (): Record<string, Tensor> => initParameters(lstm, { generator: new Generator(0) });

  it('names a missing weight and the shape it needs', () => {
    const { bias_hh: _, ...rest } = weights();
    expect(() => lstm.bind(rest)).toThrow(WeightError);
    expect(() => lstm.bind(rest)).toThrow(expect.objectContaining({ cell: 'lstm', key: 'bias_hh', expected: [16], actual: null }));
    expect(() => lstm.bind(rest)).toThrow("lstm cell: weight 'bias_hh' is missing (expected shape [16])");
  });

  it('names a misshaped weight with both shapes', () => {
    const misshaped = { ...weights(), weight_hh: zeros([16, 3]) };
    expect(() => lstm.bind(misshaped)).toThrow(expect.objectContaining({ key: 'weight_hh', expected: [16, 4], actual: [16, 3] }));
    expect(() => lstm.bind(misshaped)).toThrow("lstm cell: weight 'weight_hh' has shape [16, 3], expected [16, 4]");
  });

  it('ignores keys the cell does not declare', () => {
    expect(lstm.bind({ ...weights(), weight_hr: zeros([2, 4]) }).stateSizes).toEqual([4, 4]);
  });
});

describe('initParameters', () => {
  it('makes every declared parameter with its shape, in the requested dtype', () => {
    const weights = initParameters(tiny, { generator: new Generator(0), dtype: 'float64' });
    expect(Object.entries(weights).map(([name, t]) => [name, t.shape, t.dtype])).toEqual([
      ['weight_ih', [2, 3], 'float64'],
      ['weight_hh', [2, 2], 'float64'],
    ]);
    expect(values(weights.weight_hh!)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('gives the same weights for the same seed', () => {
    const lstm = lstmCell({ inputSize: 3, hiddenSize: 4 });
    const [a, b, other] = [1, 1, 2].map((seed) => initParameters(lstm, { generator: new Generator(seed) }));
    expect(values(a!.weight_ih!)).toEqual(values(b!.weight_ih!));
    expect(values(a!.weight_ih!)).not.toEqual(values(other!.weight_ih!));
  });

  it('lets a caller replace the initializer of named parameters', () => {
    const weights = initParameters(tiny, { generator: new Generator(0), initializers: { weight_ih: ones() } });
    expect(values(weights.weight_ih!)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(() => initParameters(tiny, { generator: new Generator(0), initializers: { weight_xx: ones() } })).toThrow(
      "initParameters: initializers name 'weight_xx', which the tiny cell does not declare (it has weight_ih, weight_hh)",
    );
  });

  it('rejects an initializer that returns the wrong shape', () => {
    expect(() => initParameters(tiny, { generator: new Generator(0), initializers: { weight_ih: (_, { dtype }) => zeros([3, 2], { dtype }) } })).toThrow(
      "initParameters (tiny 'weight_ih'): the initializer returned the wrong shape (got [2, 3] and [3, 2])",
    );
  });
});
