import { createCpuBackend, dispose, fromArray, Generator, normal, numHandles, setBackend, square, sum, tidy, variableGrads, type Tensor, type Variable } from '@rnn/tensor';
import { LSTM } from '@rnn/layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Adam } from '../optimizers/index.js';
import { StateCarry } from './state-carry.js';

let lstm: LSTM;
let chunks: Tensor[];

beforeAll(() => {
  setBackend(createCpuBackend());
});

beforeEach(() => {
  lstm = new LSTM({ inputSize: 2, hiddenSize: 3, numLayers: 2, generator: new Generator(0) });
  const data = new Generator(1);
  chunks = [0, 1, 2].map(() => normal([4, 2, 2], { generator: data }));
});

afterEach(() => {
  dispose(chunks);
  lstm.dispose();
});

const loss = (output: Tensor): Tensor => sum(square(output));

/** The gradients as plain arrays, by parameter name, then freed. */
function gradsOf(grads: Map<Variable, Tensor>): Record<string, number[]> {
  const out = Object.fromEntries([...grads].map(([v, g]) => [v.name, [...g.dataSync()]]));
  dispose([...grads.values()]);
  return out;
}

/** One training chunk as the docs write it: start from the carry, carry the final state on. */
function carriedChunk(carry: StateCarry, x: Tensor): Record<string, number[]> {
  const { value, grads } = variableGrads(() => {
    const { output, state } = lstm.call(x, { initialState: carry.state });
    carry.update(state);
    return loss(output);
  });
  value.dispose();
  return gradsOf(grads);
}

describe('StateCarry', () => {
  it('starts empty, and carries a chunk’s final state, shaped [numLayers·directions, batch, size]', () => {
    const carry = new StateCarry();
    expect(carry.state).toBeUndefined();
    carriedChunk(carry, chunks[0]!);
    expect(carry.state?.map((s) => s.shape)).toEqual([
      [2, 2, 3],
      [2, 2, 3],
    ]);
    carry.dispose();
  });

  it('carries the state: the second chunk’s gradients differ from a start at zero', () => {
    const carry = new StateCarry();
    carriedChunk(carry, chunks[0]!);
    const carried = carriedChunk(carry, chunks[1]!);
    const fromZero = gradsOf(variableGrads(() => loss(lstm.call(chunks[1]!).output)).grads);
    expect(carried).not.toEqual(fromZero);
    carry.dispose();
  });

  it('cuts the graph: the second chunk’s gradients equal those of a run started from chunk 1’s detached final state', () => {
    const carry = new StateCarry();
    carriedChunk(carry, chunks[0]!);
    const carried = carriedChunk(carry, chunks[1]!);
    // Chunk 1 run outside any gradient tape: its final state is a constant.
    const { output, state } = lstm.call(chunks[0]!);
    const cut = gradsOf(variableGrads(() => loss(lstm.call(chunks[1]!, { initialState: state }).output)).grads);
    expect(carried).toEqual(cut);
    dispose([output, state]);
    carry.dispose();
  });

  it('cuts the graph within one tape too: no gradient flows from chunk 2 back into chunk 1', () => {
    const carry = new StateCarry();
    const both = gradsOf(
      variableGrads(() => {
        const first = lstm.call(chunks[0]!);
        carry.update(first.state);
        return loss(lstm.call(chunks[1]!, { initialState: carry.state }).output);
      }).grads,
    );
    const { output, state } = lstm.call(chunks[0]!);
    const cut = gradsOf(variableGrads(() => loss(lstm.call(chunks[1]!, { initialState: state }).output)).grads);
    expect(both).toEqual(cut);
    dispose([output, state]);
    carry.dispose();
  });

  it('keeps the number of live tensors flat across many chunks, and frees everything on dispose', () => {
    const before = numHandles();
    const carry = new StateCarry();
    const optimizer = new Adam(lstm.parameters(), { lr: 1e-2 });
    const counts: number[] = [];
    for (let step = 0; step < 30; step++) {
      if (step === 20) carry.reset(); // a new epoch
      tidy(() => {
        const { value, grads } = variableGrads(() => {
          const { output, state } = lstm.call(chunks[step % 3]!, { initialState: carry.state });
          carry.update(state);
          return loss(output);
        });
        optimizer.step(grads);
        value.dispose();
      });
      if (step % 10 === 9) carry.resetRows([step % 2]);
      counts.push(numHandles());
    }
    expect(new Set(counts.slice(1)).size).toBe(1); // the optimizer's slots appear at step 0
    carry.dispose();
    optimizer.dispose();
    expect(numHandles()).toBe(before);
  });

  it('resetRows zeroes the chosen batch entries of every carried tensor, NaN included, and keeps the rest', () => {
    const carry = new StateCarry();
    const h = fromArray([[[1, 2], [NaN, 4], [5, 6]]]);
    const c = fromArray([[7, 8], [9, 10], [11, 12]]);
    carry.update([h, c]);
    dispose([h, c]);
    carry.resetRows([1, 2]);
    expect(carry.state?.map((s) => [...s.dataSync()])).toEqual([
      [1, 2, 0, 0, 0, 0],
      [7, 8, 0, 0, 0, 0],
    ]);
    expect(() => {
      carry.resetRows([3]);
    }).toThrow(/rows must be integers in \[0, 3\), got 3/);
    carry.dispose();
  });

  it('can carry its own state again, and reset() starts over from zeros', () => {
    const carry = new StateCarry();
    carriedChunk(carry, chunks[0]!);
    const values = carry.state!.map((s) => [...s.dataSync()]);
    carry.update(carry.state!);
    expect(carry.state!.map((s) => [...s.dataSync()])).toEqual(values);
    carry.reset();
    expect(carry.state).toBeUndefined();
    const fromZero = gradsOf(variableGrads(() => loss(lstm.call(chunks[1]!).output)).grads);
    expect(carriedChunk(carry, chunks[1]!)).toEqual(fromZero);
    carry.dispose();
  });

  it('refuses an empty or disposed state', () => {
    const carry = new StateCarry();
    expect(() => {
      carry.update([]);
    }).toThrow(/state is empty/);
    const t = fromArray([[1]]);
    t.dispose();
    expect(() => {
      carry.update([t]);
    }).toThrow(/disposed/);
    expect(carry.state).toBeUndefined();
  });
});
