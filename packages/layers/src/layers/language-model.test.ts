import { beforeAll, describe, expect, it } from 'vitest';
import { concat, createCpuBackend, fromArray, Generator, numHandles, oneHot, setBackend, slice, tidy, type Tensor } from '@rnn/tensor';
import { loadModel, saveModel } from '../model/save-load.js';
import { LanguageModel } from './language-model.js';
import { GRU, LSTM } from './recurrent/pytorch-layers.js';
import { Jordan } from './recurrent/jordan-layer.js';

beforeAll(() => setBackend(createCpuBackend()));

const ids = (rows: number[][]): Tensor => fromArray(rows, { dtype: 'int32' });
const close = (a: Tensor, b: Tensor): void => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.dataSync(), b.dataSync()];
  for (let i = 0; i < x.length; i++) expect(x[i]).toBeCloseTo(y[i]!, 5);
};

function charModel(seed = 0, embeddingDim: number | null = null): LanguageModel {
  const generator = new Generator(seed);
  const rnn = new LSTM({ inputSize: embeddingDim ?? 7, hiddenSize: 5, numLayers: 2, generator });
  return new LanguageModel({ vocabSize: 7, embeddingDim, rnn, generator });
}

describe('LanguageModel', () => {
  const tokens = (): Tensor => ids([[1, 2], [3, 4], [5, 6], [0, 1]]); // [T=4, B=2]

  it('maps ids [T, B] to logits [T, B, vocab] through one-hot, the rnn and the head', () => {
    const model = charModel();
    const logits = model.forward(tokens());
    expect(logits.shape).toEqual([4, 2, 7]);
    const manual = tidy(() => model.head.forward(model.rnn.forward(oneHot(tokens(), 7))));
    close(logits, manual);
    expect(model.namedParameters().map(([n]) => n)).toEqual([
      'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0',
      'rnn.weight_ih_l1', 'rnn.weight_hh_l1', 'rnn.bias_ih_l1', 'rnn.bias_hh_l1',
      'head.weight', 'head.bias',
    ]);
  });

  it('continues from a returned state exactly as one longer call', () => {
    const model = charModel(1);
    const whole = model.call(tokens()).logits;
    const first = model.call(slice(tokens(), [0, 0], [2, -1]));
    const second = model.call(slice(tokens(), [2, 0], [-1, -1]), { initialState: first.state });
    close(concat([first.logits, second.logits], 0), whole);
  });

  it('learns token vectors with an embedding', () => {
    const model = charModel(2, 3);
    expect(model.forward(tokens()).shape).toEqual([4, 2, 7]);
    expect(model.namedParameters()[0]![0]).toBe('embedding.weight');
  });

  it('saves and loads with its architecture, any recurrent layer inside', async () => {
    const generator = new Generator(3);
    for (const rnn of [
      new GRU({ inputSize: 7, hiddenSize: 4, generator, resetAfter: false }),
      new Jordan({ inputSize: 7, hiddenSize: 6, outputSize: 3, numLayers: 2, generator }),
    ]) {
      const model = new LanguageModel({ vocabSize: 7, rnn, dropout: 0.25, generator });
      const copy = loadModel(await saveModel(model));
      expect(copy).toBeInstanceOf(LanguageModel);
      expect(copy.toConfig()).toEqual(model.toConfig());
      close(copy.eval().forward(tokens()), model.eval().forward(tokens()));
    }
  });

  it('names an id outside the vocabulary and its position', () => {
    const model = charModel();
    expect(() => model.forward(ids([[1, 2], [9, 0]]))).toThrow('LanguageModel: ids holds 9 at [1, 0], outside the vocabulary [0, 7)');
    expect(() => model.forward(fromArray([[1, 2]]))).toThrow(/int32/);
    expect(() => model.forward(fromArray([1, 2], { dtype: 'int32' }))).toThrow(/\[time, batch\]/);
  });

  it('refuses a recurrent layer that does not fit, saying why', () => {
    const generator = new Generator(4);
    expect(() => new LanguageModel({ vocabSize: 7, rnn: new LSTM({ inputSize: 6, hiddenSize: 4, generator }), generator })).toThrow(
      'rnn has inputSize 6; it must be 7 (vocabSize, for one-hot input)',
    );
    expect(() => new LanguageModel({ vocabSize: 7, rnn: new LSTM({ inputSize: 7, hiddenSize: 4, bidirectional: true, generator }), generator })).toThrow(
      /backward direction would see the very token/,
    );
  });

  it('leaves no tensors behind', () => {
    const model = charModel(5);
    const input = tokens();
    model.forward(input).dispose();
    const before = numHandles();
    for (let i = 0; i < 3; i++) {
      const { logits, state } = model.call(input);
      logits.dispose();
      for (const s of state) s.dispose();
    }
    expect(numHandles()).toBe(before);
  });
});

describe('Jordan', () => {
  it('feeds its output back: state and output are y, [layers, B, outputSize]', () => {
    const jordan = new Jordan({ inputSize: 3, hiddenSize: 8, outputSize: 4, numLayers: 2, generator: new Generator(0) });
    const { output, state } = jordan.call(fromArray([[[1, 0, 0]], [[0, 1, 0]]]));
    expect(output.shape).toEqual([2, 1, 4]);
    expect(state[0]!.shape).toEqual([2, 1, 4]);
    close(slice(state[0]!, [1, 0, 0], [1, -1, -1]), slice(output, [1, 0, 0], [1, -1, -1])); // the top layer's y is the last output
    expect(jordan.namedParameters().map(([n]) => n).slice(0, 6)).toEqual(['weight_ih_l0', 'bias_ih_l0', 'weight_yh_l0', 'bias_yh_l0', 'weight_hy_l0', 'bias_hy_l0']);
    expect(jordan.namedParameters()[6]![1].shape).toEqual([8, 4]); // layer 1 reads layer 0's output
  });
});
