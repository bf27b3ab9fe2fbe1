// What a fused sequence costs in calls into wasm, and the packed-weight cache behind it: one call
// per layer direction forward, one per phase backward, W packed once per weight buffer and freed
// with it.
import { LSTM } from '@rnn/layers';
import { fromArray, Generator, numHandles, sum, variableGrads } from '@rnn/tensor';
import type { FusedCellConfig, Handle, SequenceSpec, TensorSpec } from '@rnn/tensor/backend';
import { afterAll, describe, expect, it } from 'vitest';
import { sequenceFixture } from './fixture.js';

const fixture = await sequenceFixture();
const { backend, sequences, storage, calls, jobs } = fixture;
afterAll(() => {
  backend.destroy();
});

const [T, B, I, H] = [6, 5, 3, 7];
const cell: FusedCellConfig = { kind: 'lstm', hiddenSize: H, bias: true };
const spec = (training: boolean): SequenceSpec => ({ cell, dtype: 'float32', steps: T, batch: B, inputSize: I, reverse: true, lengths: [6, 0, 2, 6, 1], training });

const tensor = (shape: number[], seed: number): TensorSpec => {
  const values = Float32Array.from({ length: shape.reduce((n, d) => n * d, 1) }, (_, i) => Math.sin(seed + i) * 0.3);
  return { handle: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
};

const x = tensor([T, B, I], 1);
const initialState = [tensor([B, H], 2), tensor([B, H], 3)];
const dOutput = tensor([T, B, H], 4);
const weightsWith = (recurrent: TensorSpec) => ({ weight_ih: tensor([4 * H, I], 5), weight_hh: recurrent, bias_ih: tensor([4 * H], 6), bias_hh: tensor([4 * H], 7) });

/** Runs `body` and returns the exports it called, and the runner jobs. */
function recorded(body: () => void): { calls: string[]; jobs: string[] } {
  calls.length = 0;
  jobs.length = 0;
  body();
  return { calls: [...calls], jobs: jobs.map((j) => `${j.kernel}×${j.count}`) };
}

function forwardAndBackward(weights: Record<string, TensorSpec>): Handle[] {
  const forward = sequences.forward(spec(true), x, weights, initialState);
  const output: TensorSpec = { handle: forward.output, shape: [T, B, H], dtype: 'float32' };
  const reserve: TensorSpec = { handle: forward.reserve!, shape: [forward.reserveSize], dtype: 'float32' };
  const grads = sequences.backward(spec(true), { x, weights, initialState, output, reserve }, dOutput, [null, null]);
  return [forward.output, ...forward.state, forward.reserve!, grads.dx, ...grads.dInitialState, ...Object.values(grads.dWeights)];
}

describe('calls into wasm', () => {
  it('a forward pass is one call; packing happens on the first call with these weights only', () => {
    const weights = weightsWith(tensor([4 * H, H], 8));
    const made: Handle[] = [];
    const first = recorded(() => {
      const r = sequences.forward(spec(false), x, weights, initialState);
      made.push(r.output, ...r.state);
    });
    expect(first.calls).toEqual(['packB', 'packB', 'sequenceForward']);
    const second = recorded(() => {
      const r = sequences.forward(spec(false), x, weights, initialState);
      made.push(r.output, ...r.state);
    });
    expect(second).toEqual({ calls: ['sequenceForward'], jobs: [`sequenceForward×${B}`] });
    for (const h of [...made, ...Object.values(weights).map((w) => w.handle)]) backend.dispose(h);
  });

  it('a backward pass is one call per phase: the recurrence, then the weight gradients', () => {
    const weights = weightsWith(tensor([4 * H, H], 8));
    const warm = forwardAndBackward(weights);
    const again = recorded(() => {
      for (const h of forwardAndBackward(weights)) backend.dispose(h);
    });
    expect(again.calls).toEqual(['sequenceForward', 'sequenceBackward', 'sequenceWeightGradients']);
    expect(again.jobs).toEqual([`sequenceForward×${B}`, `sequenceBackward×${B}`, `sequenceWeightGradients×${2 * H + 2 * H}`]);
    for (const h of [...warm, ...Object.values(weights).map((w) => w.handle)]) backend.dispose(h);
  });

  it('a stacked bidirectional LSTM layer makes one forward call per layer and direction, and one per phase backward', () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: true, generator: new Generator(0), backend });
    const input = fromArray(Float32Array.from({ length: T * B * I }, (_, i) => Math.cos(i)), { shape: [T, B, I], backend });
    const inference = recorded(() => {
      lstm.forward(input).dispose();
    });
    expect(inference.jobs).toEqual(Array.from({ length: 4 }, () => `sequenceForward×${B}`));
    const before = numHandles(backend);
    const training = recorded(() => {
      const { value, grads } = variableGrads(() => sum(lstm.forward(input)), lstm.parameters());
      value.dispose();
      for (const g of grads.values()) g.dispose();
    });
    expect(training.jobs.filter((j) => j.startsWith('sequenceForward'))).toHaveLength(4);
    expect(training.jobs.filter((j) => j.startsWith('sequenceBackward'))).toHaveLength(4);
    expect(training.jobs.filter((j) => j.startsWith('sequenceWeightGradients'))).toHaveLength(4);
    expect(numHandles(backend)).toBe(before);
    input.dispose();
    lstm.dispose();
  });
});

describe('the packed-weight cache', () => {
  it('hits with the same weights, misses with a new weight buffer, and frees a pack with its buffer', () => {
    const before = { handles: backend.numHandles(), packs: sequences.packs.size };
    const weights = weightsWith(tensor([4 * H, H], 8));
    const made = forwardAndBackward(weights);
    // W_ih and W_hh, each packed as Wᵀ for the forward and as W for the backward.
    expect(sequences.packs.size).toBe(before.packs + 4);
    const hit = recorded(() => made.push(...forwardAndBackward(weights)));
    expect(hit.calls.filter((c) => c === 'packB')).toHaveLength(0);
    expect(sequences.packs.size).toBe(before.packs + 4);

    const newRecurrent = tensor([4 * H, H], 9);
    const miss = recorded(() => made.push(...forwardAndBackward({ ...weights, weight_hh: newRecurrent })));
    expect(miss.calls.filter((c) => c === 'packB')).toHaveLength(2);
    expect(sequences.packs.size).toBe(before.packs + 6);

    backend.dispose(weights.weight_hh.handle);
    expect(sequences.packs.size).toBe(before.packs + 4);
    for (const h of [...made, newRecurrent.handle, ...Object.values(weights).map((w) => w.handle)]) backend.dispose(h);
    expect(sequences.packs.size).toBe(before.packs);
    expect(backend.numHandles()).toBe(before.handles);
  });

  it('keeps numHandles() and the heap flat over a loop whose weights change every step', () => {
    const weights = weightsWith(tensor([4 * H, H], 8));
    const step = (): void => {
      const next = tensor([4 * H, H], 10);
      for (const h of forwardAndBackward({ ...weights, weight_hh: next })) backend.dispose(h);
      backend.dispose(next.handle);
    };
    for (let i = 0; i < 3; i++) step();
    const [handles, packs, reserved] = [backend.numHandles(), sequences.packs.size, backend.reservedBytes()];
    for (let i = 0; i < 50; i++) step();
    expect([backend.numHandles(), sequences.packs.size, backend.reservedBytes()]).toEqual([handles, packs, reserved]);
    for (const w of Object.values(weights)) backend.dispose(w.handle);
  });

  it('does not count packs as tensor storage', () => {
    const live = storage.numLive;
    const weights = weightsWith(tensor([4 * H, H], 8));
    const r = sequences.forward(spec(false), x, weights, initialState);
    for (const h of [r.output, ...r.state]) backend.dispose(h);
    expect(storage.numLive).toBe(live + 4);
    for (const w of Object.values(weights)) backend.dispose(w.handle);
  });
});
