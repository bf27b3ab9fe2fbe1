// The memory contract over a long run: a whole training loop (LSTM, dense head, cross-entropy,
// clipping, Adam) for 10 000 steps keeps numHandles() flat and the heap from growing after the
// first steps — freed blocks are reused, not leaked. Small sizes, so it runs in seconds.
import { Dense, LSTM } from '@rnn/layers';
import { cast, dispose, floor, Generator, mul, numHandles, oneHot, setBackend, tidy, uniform, variableGrads } from '@rnn/tensor';
import { Adam, clipGradNorm, crossEntropy } from '@rnn/train';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from './index.js';

const backend = await createWasmBackend();
afterAll(() => { backend.destroy(); });

describe('a 10 000-step training loop on the wasm backend', () => {
  it('holds numHandles() flat and stops growing the heap', () => {
    setBackend(backend);
    const generator = new Generator(0);
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 5, generator });
    const head = new Dense({ inFeatures: 5, outFeatures: 3, generator });
    const optimizer = new Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-2 });
    const data = new Generator(1);
    const step = (): number =>
      tidy(() => {
        const ids = cast(floor(mul(uniform([4, 2], { generator: data }), 3)), 'int32');
        const x = oneHot(ids, 3);
        const { value, grads } = variableGrads(() => crossEntropy(head.forward(lstm.forward(x)), ids));
        const { grads: clipped } = clipGradNorm(grads, 1);
        optimizer.step(clipped);
        dispose([...clipped.values()]);
        return value.itemSync();
      });
    for (let i = 0; i < 100; i++) step();
    const [handles, reserved] = [numHandles(), backend.reservedBytes()];
    let last = 0;
    for (let i = 0; i < 9_900; i++) last = step();
    expect(Number.isFinite(last)).toBe(true);
    expect(numHandles()).toBe(handles);
    expect(backend.reservedBytes()).toBe(reserved);
    optimizer.dispose();
    lstm.dispose();
    head.dispose();
  });
});
