import { buildModule, Dense, GRU, LSTM, Sequential, type Module } from '@rnn/layers';
import { createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { KerasFormatError, UnsupportedModelError } from '../errors.js';
// The layers package's leak check, shared by path: a test helper, not public API.
import { expectNoLeakedHandles } from '../../../layers/src/testing/no-leaked-handles.js';
import { importKeras } from './import-keras.js';
import { loadKerasWeights } from './load-keras-weights.js';
import { cases, expectKerasOutput, fixture, inputOf, weightsH5, type KerasCase } from './test-fixtures.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

expectNoLeakedHandles();

/** The model importKeras builds for `c`, rebuilt from its config with fresh (different) weights. */
function freshModel(c: KerasCase): Module {
  const { model } = importKeras(fixture(c.files.keras), { dtype: 'float64' });
  const fresh = buildModule(model.toConfig(), { generator: new Generator(99) }).eval();
  model.dispose();
  return fresh;
}

function expectReproduces(model: Module, c: KerasCase): void {
  const input = inputOf(c);
  const output = model.forward(input);
  expectKerasOutput(output, c);
  input.dispose();
  output.dispose();
}

const SOURCES = [
  ['a legacy save_weights .h5', (c: KerasCase) => fixture(c.files.legacy_weights_h5)],
  ['a legacy full-model .h5', (c: KerasCase) => fixture(c.files.legacy_h5)],
  ['a Keras 3 .weights.h5', (c: KerasCase) => weightsH5(c.files.keras)],
  ['a .keras file', (c: KerasCase) => fixture(c.files.keras)],
] as const;

describe('loadKerasWeights: every case, from every kind of weights file', () => {
  const runs = cases.flatMap((c) => SOURCES.map(([label, bytes]) => [`${c.name} from ${label}`, c, bytes] as const));
  it.each(runs)("%s makes a freshly built model reproduce Keras's output", (_label, c, bytes) => {
    const model = freshModel(c);
    try {
      loadKerasWeights(model, bytes(c));
      expectReproduces(model, c);
    } finally {
      model.dispose();
    }
  });
});

describe('loadKerasWeights: into a model built by hand', () => {
  const lstmCase = cases.find((c) => c.name === 'lstm')!;
  const generator = new Generator(5);
  const handBuilt = (hiddenSize: number): Sequential =>
    new Sequential([new LSTM({ inputSize: 3, hiddenSize, batchFirst: true, returnSequences: false, dtype: 'float64', generator })]);

  it('loads a Keras LSTM into an LSTM built with batchFirst and returnSequences: false', () => {
    const model = handBuilt(4);
    loadKerasWeights(model, fixture(lstmCase.files.legacy_weights_h5));
    expectReproduces(model, lstmCase);
    model.dispose();
  });

  it('accepts a single layer instead of a Sequential', () => {
    const [lstm] = handBuilt(4).layers;
    loadKerasWeights(lstm!, fixture(lstmCase.files.keras));
    expectReproduces(lstm!, lstmCase);
    lstm!.dispose();
  });

  it('names the weight and both shapes when the model does not fit the file, and changes nothing', () => {
    const model = handBuilt(5);
    const before = Array.from(model.parameters()[0]!.dataSync());
    expect(() => { loadKerasWeights(model, fixture(lstmCase.files.legacy_weights_h5)); }).toThrow(KerasFormatError);
    expect(() => { loadKerasWeights(model, fixture(lstmCase.files.legacy_weights_h5)); }).toThrow('lstm/lstm/lstm_cell/kernel:0: kernel has shape [3, 16], expected [3, 20]');
    expect(Array.from(model.parameters()[0]!.dataSync())).toEqual(before);
    model.dispose();
  });

  it('finds Keras 3 weights by class and position: a GRU where the file has an LSTM is missing', () => {
    const model = new Sequential([new GRU({ inputSize: 3, hiddenSize: 4, batchFirst: true, generator })]);
    expect(() => { loadKerasWeights(model, fixture(lstmCase.files.keras)); }).toThrow(/layers\/gru\/cell\/vars: is missing/);
    model.dispose();
  });

  it('refuses a model with more weighted layers than the legacy file has', () => {
    const model = new Sequential([...handBuilt(4).layers, new Dense({ inFeatures: 4, outFeatures: 2, generator })]);
    expect(() => { loadKerasWeights(model, fixture(lstmCase.files.legacy_weights_h5)); }).toThrow(/holds weights for 1 layers \(lstm\), but the model has 2/);
    model.dispose();
  });

  it('refuses stacked recurrent modules: Keras has one layer per recurrent layer', () => {
    const model = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, batchFirst: true, generator });
    expect(() => { loadKerasWeights(model, fixture(lstmCase.files.keras)); }).toThrow(UnsupportedModelError);
    model.dispose();
  });
});
