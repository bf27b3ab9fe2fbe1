import { beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, Generator, numHandles, setBackend, type Tensor } from '@rnn/tensor';
import { LanguageModel, LSTM } from '@rnn/layers';
import { crossEntropy } from '../losses/cross-entropy.js';
import { evaluateLanguageModel } from './evaluate-language-model.js';

beforeAll(() => setBackend(createCpuBackend()));

describe('evaluateLanguageModel', () => {
  const ids = Int32Array.from({ length: 23 }, (_, i) => (i * 5) % 7);

  it('averages the loss over every token of the non-overlapping chunks, batched or not', async () => {
    const generator = new Generator(0);
    const model = new LanguageModel({ vocabSize: 7, rnn: new LSTM({ inputSize: 7, hiddenSize: 4, generator }), generator }).eval();
    // floor(22 / 5) = 4 chunks of 5: ids[0..20) predict ids[1..21).
    const chunk = (i: number, shift: number): Tensor => fromArray(Array.from({ length: 5 }, (_, t) => [ids[5 * i + t + shift]!]), { dtype: 'int32' });
    let expected = 0;
    for (let i = 0; i < 4; i++) expected += crossEntropy(model.forward(chunk(i, 0)), chunk(i, 1)).itemSync() / 4;
    const before = numHandles();
    const one = await evaluateLanguageModel(model, ids, { seqLen: 5, batchSize: 1 });
    const all = await evaluateLanguageModel(model, ids, { seqLen: 5, batchSize: 3 });
    expect(numHandles()).toBe(before);
    expect(one.tokens).toBe(20);
    expect(one.loss).toBeCloseTo(expected, 5);
    expect(all.loss).toBeCloseTo(expected, 5);
    expect(all.bitsPerCharacter).toBeCloseTo(expected / Math.LN2, 5);
    expect(all.perplexity).toBeCloseTo(Math.exp(expected), 4);
    expect(all.accuracy).toBeCloseTo(one.accuracy, 6);
    expect(all.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('counts a right prediction as accuracy', async () => {
    // Logits that always favour id 1, on a text that is all ones: every prediction is right.
    const predictor = { forward: (x: Tensor) => fromArray(Array.from({ length: x.shape[0]! }, () => Array.from({ length: x.shape[1]! }, () => [0, 5, 0]))) };
    const scores = await evaluateLanguageModel(predictor, new Int32Array(11).fill(1), { seqLen: 5 });
    expect(scores.accuracy).toBe(1);
    expect(scores.tokens).toBe(10);
  });
});
