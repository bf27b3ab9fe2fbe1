import { buildModule, GRU, LSTM, Sequential } from '@rnn/layers';
import { createCpuBackend, fromArray, Generator, setBackend, slice } from '@rnn/tensor';
import { strToU8, strFromU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { KerasFormatError, UnsupportedModelError } from '../errors.js';
// The layers package's leak check, shared by path: a test helper, not public API.
import { expectNoLeakedHandles } from '../../../layers/src/testing/no-leaked-handles.js';
import { importKeras } from './import-keras.js';
import { cases, expectKerasOutput, fixture, hostile, inputOf } from './test-fixtures.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

expectNoLeakedHandles();

const FORMATS = [
  ['.keras (Keras 3)', 'keras', '3.16.0'],
  ['legacy .h5 (Keras 2)', 'legacy_h5', '2.15.0'],
] as const;

describe('importKeras: every committed case, in both file formats', () => {
  const runs = cases.flatMap((c) => FORMATS.map(([label, key, version]) => [`${c.name} from ${label}`, c, key, version] as const));
  it.each(runs)("%s reproduces Keras's output", (_label, c, key, version) => {
    const { model, layerNames, kerasVersion } = importKeras(fixture(c.files[key]), { dtype: 'float64' });
    try {
      expect(layerNames).toEqual(c.layer_names);
      expect(kerasVersion).toBe(version);
      expect(model.training).toBe(false);
      const input = inputOf(c);
      const output = model.forward(input);
      expectKerasOutput(output, c);
      input.dispose();
      output.dispose();
    } finally {
      model.dispose();
    }
  });
});

describe('importKeras: the modules it builds', () => {
  it('builds batch-first layers with the Keras options: a reset_before GRU keeps resetAfter false', () => {
    const { model } = importKeras(fixture('gru_reset_before.keras'));
    const [gru] = model.layers;
    expect(gru).toBeInstanceOf(GRU);
    expect(gru).toMatchObject({ resetAfter: false, batchFirst: true, returnSequences: true, hiddenSize: 4, inputSize: 3 });
    model.dispose();
  });

  it('makes a Bidirectional layer one bidirectional module with the merge mode', () => {
    const { model } = importKeras(fixture('bidirectional_gru_sum.h5'));
    expect(model.layers[0]).toMatchObject({ directions: 2, mergeMode: 'sum', returnSequences: false });
    model.dispose();
  });

  it('gives float32 parameters by default, and a model that saves and rebuilds from its config', () => {
    const { model } = importKeras(fixture('lstm.keras'));
    expect(model.parameters().every((p) => p.dtype === 'float32')).toBe(true);
    const copy = buildModule(model.toConfig(), { generator: new Generator(1) });
    if (!(copy instanceof Sequential)) throw new Error(`rebuilt a ${copy.constructor.name}, expected a Sequential`);
    expect(copy.layers[0]).toBeInstanceOf(LSTM);
    model.dispose();
    copy.dispose();
  });
});

/** Layer entries of a Keras 3 config.json, loosely typed for editing. */
interface LayerEntry {
  class_name: string;
  config: Record<string, unknown>;
  registered_name?: null;
}

/** A committed .keras fixture with its config.json's layer list edited. */
function withLayers(file: string, edit: (layers: LayerEntry[]) => void): Uint8Array {
  const entries = unzipSync(fixture(file));
  const config = JSON.parse(strFromU8(entries['config.json']!)) as { config: { layers: LayerEntry[] } };
  edit(config.config.layers);
  entries['config.json'] = strToU8(JSON.stringify(config));
  return zipSync(entries, { level: 0 });
}

describe('importKeras: options read from the config', () => {
  const denseCase = cases.find((c) => c.name === 'dense')!;
  const activation = (name: string): LayerEntry => ({ class_name: 'Activation', config: { name: `activation_${name}`, activation: name } });

  it("folds an Activation layer into the linear Dense before it, as Keras's output shows", () => {
    const bytes = withLayers('dense.keras', (layers) => {
      layers[1]!.config.activation = 'linear';
      layers.push(activation('tanh'), activation('linear'));
    });
    const { model, layerNames } = importKeras(bytes, { dtype: 'float64' });
    expect(layerNames).toEqual(['dense']);
    const input = inputOf(denseCase);
    const output = model.forward(input);
    expectKerasOutput(output, denseCase);
    [input, output, model].forEach((t) => { t.dispose(); });
  });

  it('refuses an Activation layer after a layer it cannot fold into', () => {
    const bytes = withLayers('lstm.keras', (layers) => { layers.push(activation('relu')); });
    expect(() => importKeras(bytes)).toThrow(/activation_relu: Activation\('relu'\) can only be imported after a Dense/);
  });

  it('keeps the directions apart with merge_mode None: forward and backward are the halves of concat', () => {
    const concat = cases.find((c) => c.name === 'bidirectional_lstm_concat')!;
    const bytes = withLayers('bidirectional_lstm_concat.keras', (layers) => { layers[1]!.config.merge_mode = null; });
    const { model } = importKeras(bytes, { dtype: 'float64' });
    const input = inputOf(concat);
    const output = model.forward(input); // [2, batch, steps, 3]
    const expected = fromArray(concat.output, { dtype: 'float64' }); // [batch, steps, 6]
    const [batch, steps] = [expected.shape[0]!, expected.shape[1]!];
    for (const direction of [0, 1]) {
      const [gotHalf, wantHalf] = [slice(output, [direction, 0, 0, 0], [1, batch, steps, 3]), slice(expected, [0, 0, 3 * direction], [batch, steps, 3])];
      const [got, want] = [gotHalf.dataSync(), wantHalf.dataSync()];
      [gotHalf, wantHalf].forEach((t) => { t.dispose(); });
      got.forEach((v, i) => { expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5); });
    }
    [input, output, expected, model].forEach((t) => { t.dispose(); });
  });

  it('refuses merge_mode None anywhere but the last layer', () => {
    const bytes = withLayers('bidirectional_lstm_concat.keras', (layers) => {
      layers[1]!.config.merge_mode = null;
      layers.push(structuredClone(layers[1]!));
      layers[2]!.config.name = 'bidirectional_1';
    });
    expect(() => importKeras(bytes)).toThrow(/bidirectional: merge_mode=None returns two outputs/);
  });

  it('makes a stateful Keras layer a stateful module', () => {
    const bytes = withLayers('lstm.keras', (layers) => { layers[1]!.config.stateful = true; });
    const { model } = importKeras(bytes);
    expect(model.layers[0]).toMatchObject({ stateful: true });
    model.dispose();
  });
});

describe('importKeras: files it refuses, with typed errors', () => {
  it.each(hostile.map((h) => [h.file, h] as const))('%s', (_file, h) => {
    const errorClass = h.error === 'KerasFormatError' ? KerasFormatError : UnsupportedModelError;
    expect(() => importKeras(fixture(h.file))).toThrow(errorClass);
    expect(() => importKeras(fixture(h.file))).toThrow(h.message_includes);
  });

  it('refuses bytes that are neither a zip nor HDF5', () => {
    expect(() => importKeras(new TextEncoder().encode('{"class_name": "Sequential"}'))).toThrow(/not a Keras file/);
  });

  it('refuses a weights-only file: there is no architecture to build', () => {
    expect(() => importKeras(fixture('lstm.legacy-weights.h5'))).toThrow(/weights only.*loadKerasWeights/);
  });

  it('names the layer and the option it cannot express', () => {
    try {
      importKeras(fixture('hostile-hard-sigmoid-lstm.h5'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedModelError);
      expect(error).toMatchObject({ format: 'keras', module: 'lstm' });
    }
  });

  it('names the HDF5 path and both shapes of a weight that does not fit', () => {
    try {
      importKeras(fixture('hostile-huge-kernel.h5'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KerasFormatError);
      expect(error).toMatchObject({ location: 'model_weights/lstm/lstm/lstm_cell/kernel:0' });
      expect((error as Error).message).toContain('[1000000000, 16]');
      expect((error as Error).message).toContain('[3, 16]');
    }
  });
});
