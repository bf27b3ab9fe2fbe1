import { createCpuBackend, fromArray, Generator, setBackend, variableGrads, numHandles, tidy, sum } from '@rnn/tensor';
import { it, expect } from 'vitest';
import { LSTM, GRU } from '../recurrent/pytorch-layers.js';
import { AdditiveAttention } from '../attention/additive-attention.js';
import { LuongAttention } from '../attention/luong-attention.js';
import { Encoder } from './encoder.js';
import { Decoder } from './decoder.js';
import { Seq2Seq } from './seq2seq.js';
import { loadModel, saveModel } from '../../model/save-load.js';

setBackend(createCpuBackend());
for (const kind of ['none', 'bahdanau', 'luong', 'luong-nofeed'] as const) {
  it(`smoke ${kind}`, async () => {
    const generator = new Generator(1);
    const dtype = 'float64' as const;
    const encoder = new Encoder({ vocabSize: 7, embeddingDim: 5, rnn: new LSTM({ inputSize: 5, hiddenSize: 6, bidirectional: true, dtype, generator }), generator });
    const attention = kind === 'none' ? null : kind === 'bahdanau' ? new AdditiveAttention({ querySize: 8, keySize: 12, units: 4, dtype, generator }) : new LuongAttention({ querySize: 8, keySize: 12, score: 'general', dtype, generator });
    const extra = kind === 'bahdanau' ? 12 : kind === 'luong' ? 8 : 0;
    const decoder = new Decoder({ vocabSize: 9, embeddingDim: 4, rnn: new GRU({ inputSize: 4 + extra, hiddenSize: 8, numLayers: 2, dtype, generator }), attention, ...(kind === 'luong-nofeed' ? { inputFeeding: false } : {}), generator });
    const model = new Seq2Seq({ encoder, decoder, endToken: 0, maxLength: 6, generator });
    const before = numHandles();
    const source = fromArray([[1, 2], [3, 4], [5, 0]], { dtype: 'int32' });
    const targets = fromArray([[1, 2], [3, 0], [0, 0]], { dtype: 'int32' });
    const { value, grads } = variableGrads(() => {
      const { logits, attention: a } = model.call(source, targets, { sourceLengths: [3, 2], targetLengths: [3, 2] });
      expect(logits.shape).toEqual([3, 2, 9]);
      if (kind !== 'none') expect(a!.shape).toEqual([3, 2, 3]);
      return sum(logits);
    }, model.parameters());
    expect(grads.size).toBe(model.parameters().length);
    value.dispose(); grads.forEach((g) => g.dispose());
    model.eval();
    const greedy = await model.translate(source, { sourceLengths: [3, 2] });
    const beam1 = await model.translate(source, { sourceLengths: [3, 2], beamWidth: 1, numReturn: 1 });
    const beam = await model.translate(source, { sourceLengths: [3, 2], beamWidth: 3, numReturn: 2 });
    expect(beam1[0]![0]!.tokens).toEqual(greedy[0]![0]!.tokens);
    expect(beam[0]![0]!.score).toBeGreaterThanOrEqual(greedy[0]![0]!.score - 1e-9);
    expect(numHandles()).toBe(before + 2);
    const copy = loadModel(await saveModel(model)) as Seq2Seq;
    copy.eval();
    expect((await copy.translate(source, { sourceLengths: [3, 2], beamWidth: 3 }))[1]![0]!.tokens).toEqual(beam[1]![0]!.tokens);
    console.log(kind, JSON.stringify(greedy.map((h) => h[0]!.tokens)), beam.map((h) => h.map((x) => x.score)));
  });
}
