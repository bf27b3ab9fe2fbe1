import { createCpuBackend, fromArray, Generator, mul, numHandles, setBackend, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, SafetensorsError, StateDictError } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { Sequential } from '../layers/sequential.js';
import type { ConfigReader, ModuleConfig } from '../module/config.js';
import { Module } from '../module/module.js';
import { builtinModuleTypes } from '../module/registry.js';
import { decodeSafetensors } from '../safetensors/decode.js';
import { encodeSafetensors } from '../safetensors/encode.js';
import { loadModel, MODEL_FORMAT, saveModel } from './save-load.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

function languageModel(seed: number): Sequential {
  const generator = new Generator(seed);
  return new Sequential([
    new Embedding({ numEmbeddings: 20, embeddingDim: 8, paddingIdx: 0, generator }),
    new Dense({ inFeatures: 8, outFeatures: 5, activation: 'tanh', generator }),
    new Dropout({ rate: 0.5, generator }),
  ]);
}

const tokens = (): Tensor => fromArray([[3, 0, 19], [7, 7, 1]], { dtype: 'int32' });

describe('saveModel and loadModel', () => {
  it('round-trip a Sequential(Embedding, Dense, Dropout): the copy computes exactly the same outputs', async () => {
    const model = languageModel(1).eval();
    const copy = loadModel(await saveModel(model)).eval();
    expect(copy).toBeInstanceOf(Sequential);
    expect(copy.toConfig()).toEqual(model.toConfig());
    expect(copy.forward(tokens()).dataSync()).toEqual(model.forward(tokens()).dataSync());
  });

  it('write a plain safetensors file: PyTorch names, and the config in the metadata', async () => {
    const model = languageModel(1);
    const { tensors, metadata } = decodeSafetensors(await saveModel(model));
    expect(Object.keys(tensors)).toEqual(['0.weight', '1.weight', '1.bias']);
    expect(metadata.format).toBe(MODEL_FORMAT);
    expect(JSON.parse(metadata.config!)).toEqual(model.toConfig());
  });

  it('keep the parameter dtype', async () => {
    const model = new Dense({ inFeatures: 2, outFeatures: 2, dtype: 'float64', generator: new Generator(0) });
    const copy = loadModel(await saveModel(model));
    if (!(copy instanceof Dense)) throw new Error('expected a Dense');
    expect(copy.weight.dtype).toBe('float64');
    expect(copy.weight.dataSync()).toEqual(model.weight.dataSync());
  });

  it('rebuild user module types from the registry passed in', async () => {
    class Scale extends Module {
      constructor(readonly factor: number) {
        super();
      }

      forward(x: Tensor): Tensor {
        return mul(x, this.factor);
      }

      toConfig(): ModuleConfig {
        return { type: 'Scale', options: { factor: this.factor } };
      }
    }
    const bytes = await saveModel(new Sequential([new Scale(2)]));
    expect(() => loadModel(bytes)).toThrow(ConfigError);
    const registry = { ...builtinModuleTypes, Scale: (options: ConfigReader) => new Scale(options.number('factor', { min: 0, max: 10 })) };
    const copy = loadModel(bytes, { registry });
    expect(copy.forward(fromArray([1, 2])).dataSync()).toEqual(new Float32Array([2, 4]));
  });

  it('refuse a safetensors file that is not a saved model', async () => {
    const plain = await encodeSafetensors({ weight: fromArray([[1]]) });
    expect(() => loadModel(plain)).toThrow("model config: __metadata__.format must be 'rnn-model/1' (a file written by saveModel), got null");
    const broken = await encodeSafetensors({}, { format: MODEL_FORMAT, config: '{not json' });
    expect(() => loadModel(broken)).toThrow(ConfigError);
  });

  it('load strictly: weights that do not fit the config throw a StateDictError', async () => {
    const config = JSON.stringify(new Dense({ inFeatures: 2, outFeatures: 3, generator: new Generator(0) }).toConfig());
    const wrongShape = await encodeSafetensors({ weight: fromArray([[1, 2, 3]]), bias: fromArray([0, 0, 0]) }, { format: MODEL_FORMAT, config });
    expect(() => loadModel(wrongShape)).toThrow(StateDictError);
    const missingBias = await encodeSafetensors({ weight: fromArray([[1, 2], [3, 4], [5, 6]]) }, { format: MODEL_FORMAT, config });
    expect(() => loadModel(missingBias)).toThrow(/missing keys 'bias'/);
  });

  it('leak nothing when loading fails', async () => {
    const config = JSON.stringify(languageModel(0).toConfig());
    const wrong = await encodeSafetensors({ '0.weight': fromArray([[1]]) }, { format: MODEL_FORMAT, config });
    const before = numHandles();
    expect(() => loadModel(wrong)).toThrow(StateDictError);
    expect(() => loadModel(new Uint8Array(3))).toThrow(SafetensorsError);
    expect(numHandles()).toBe(before);
  });
});
