import { ArgumentError, createCpuBackend, Generator, mul, numHandles, setBackend, type Tensor } from '@rnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { Sequential } from '../layers/sequential.js';
import { TimeDistributed } from '../layers/time-distributed.js';
import type { ConfigReader, ModuleConfig } from './config.js';
import { Module } from './module.js';
import { buildModule, builtinModuleTypes, moduleRegistry, registerModuleType } from './registry.js';

beforeAll(() => {
  setBackend(createCpuBackend());
});

/** A user-defined module type: multiplies by a constant. */
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

  static fromConfig(options: ConfigReader): Scale {
    return new Scale(options.number('factor', { min: -Infinity, max: Infinity }));
  }
}

const generator = new Generator(0);

describe('toConfig and buildModule', () => {
  it('rebuild every built-in layer with the same options', () => {
    const model = new Sequential([
      new Embedding({ numEmbeddings: 10, embeddingDim: 4, paddingIdx: -1, generator }),
      new TimeDistributed(new Dense({ inFeatures: 4, outFeatures: 3, bias: false, activation: 'softmax', dtype: 'float32', generator })),
      new Dropout({ rate: 0.25, generator }),
    ]);
    const config = model.toConfig();
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    const rebuilt = buildModule(config);
    expect(rebuilt).toBeInstanceOf(Sequential);
    expect(rebuilt.toConfig()).toEqual(config);
    expect(Object.keys(rebuilt.stateDict())).toEqual(['0.weight', '1.layer.weight']);
  });

  it('writes the nested config of a container', () => {
    const model = new Sequential([new Dropout({ rate: 0.5, generator })]);
    expect(model.toConfig()).toEqual({ type: 'Sequential', options: { layers: [{ type: 'Dropout', options: { rate: 0.5 } }] } });
  });

  it('creates parameters of the configured dtype on the given backend', () => {
    const backend = createCpuBackend();
    const config = new Dense({ inFeatures: 2, outFeatures: 2, dtype: 'float64', generator }).toConfig();
    const rebuilt = buildModule(config, { backend });
    if (!(rebuilt instanceof Dense)) throw new Error('expected a Dense');
    expect(rebuilt.weight.dtype).toBe('float64');
    expect(rebuilt.weight.backend).toBe(backend);
  });

  it('has the built-ins in a plain object, with no registration needed', () => {
    expect(Object.keys(builtinModuleTypes).sort()).toEqual([
      'AdditiveAttention',
      'Bridge',
      'Decoder',
      'Dense',
      'Dropout',
      'Embedding',
      'Encoder',
      'GRU',
      'GRUCell',
      'Jordan',
      'LSTM',
      'LSTMCell',
      'LanguageModel',
      'LuongAttention',
      'RNN',
      'RNNCell',
      'Seq2Seq',
      'Sequential',
      'TimeDistributed',
    ]);
  });
});

describe('module types', () => {
  it('builds a user type from an explicit registry', () => {
    const registry = { ...builtinModuleTypes, Scale: (options: ConfigReader) => Scale.fromConfig(options) };
    const config = new Sequential([new Scale(3)]).toConfig();
    const rebuilt = buildModule(config, { registry });
    expect(rebuilt.modules()[1]).toBeInstanceOf(Scale);
    expect(rebuilt.toConfig()).toEqual(config);
  });

  it('adds a user type to the default registry with registerModuleType', () => {
    expect(() => buildModule({ type: 'Scale2', options: { factor: 2 } })).toThrow(ConfigError);
    registerModuleType('Scale2', (options) => Scale.fromConfig(options));
    expect(Object.keys(moduleRegistry())).toContain('Scale2');
    expect(buildModule({ type: 'Scale2', options: { factor: 2 } })).toBeInstanceOf(Scale);
  });

  it('refuses to replace a built-in type', () => {
    expect(() => {
      registerModuleType('Dense', (options) => Scale.fromConfig(options));
    }).toThrow(ArgumentError);
  });
});

describe('invalid configs', () => {
  const dense = { type: 'Dense', options: { inFeatures: 2, outFeatures: 3, bias: true, activation: 'relu', dtype: 'float32' } };
  const withOption = (key: string, value: unknown): unknown => ({ ...dense, options: { ...dense.options, [key]: value } });
  const failure = (config: unknown): ConfigError => {
    try {
      buildModule(config);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return e as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('name the path of a bad option', () => {
    const nested = { type: 'Sequential', options: { layers: [dense, withOption('outFeatures', '3')] } };
    const error = failure(nested);
    expect(error.path).toBe('config.options.layers[1].options.outFeatures');
    expect(error.message).toBe('model config: config.options.layers[1].options.outFeatures must be an integer ≥ 1, got "3"');
  });

  it('name an unknown module type and list the known ones', () => {
    expect(failure({ type: 'LSTMish', options: {} }).message).toMatch(/'LSTMish' is not a registered module type \(known: Dense, /);
  });

  it('refuse missing options, unknown options and values of the wrong kind', () => {
    const { bias: _, ...withoutBias } = dense.options;
    expect(failure({ type: 'Dense', options: withoutBias }).path).toBe('config.options.bias');
    expect(failure(withOption('units', 3)).path).toBe('config.options.units');
    expect(failure(withOption('activation', 'gelu')).message).toContain("must be one of 'linear', 'relu'");
    expect(failure(withOption('dtype', 'int32')).path).toBe('config.options.dtype');
    expect(failure(withOption('bias', 1)).path).toBe('config.options.bias');
    expect(failure({ type: 'Dropout', options: { rate: 1.5 } }).path).toBe('config.options.rate');
    expect(failure({ type: 'Sequential', options: { layers: {} } }).path).toBe('config.options.layers');
  });

  it("turn a constructor's ArgumentError into a ConfigError with the path", () => {
    const embedding = { type: 'Embedding', options: { numEmbeddings: 3, embeddingDim: 2, paddingIdx: 7, dtype: 'float32' } };
    const error = failure({ type: 'Sequential', options: { layers: [embedding] } });
    expect(error.path).toBe('config.options.layers[0].options');
    expect(error.message).toContain('paddingIdx must be an integer in [-3, 3), got 7');
  });

  it('refuse configs that are not { type, options } objects', () => {
    expect(failure(null).path).toBe('config');
    expect(failure([dense]).path).toBe('config');
    expect(failure({ type: 3, options: {} }).path).toBe('config.type');
    expect(failure({ type: 'Dense', options: [] }).path).toBe('config.options');
    expect(failure({ ...dense, weights: [] }).path).toBe('config.weights');
  });

  it('refuse modules nested deeper than 64 levels, before the stack runs out', () => {
    let config: unknown = dense;
    for (let i = 0; i < 10_000; i++) config = { type: 'TimeDistributed', options: { layer: config } };
    expect(failure(config).message).toContain('nests modules deeper than 64 levels');
  });

  it('dispose the modules built before the failure', () => {
    const before = numHandles();
    failure({ type: 'Sequential', options: { layers: [dense, dense, { type: 'Nope', options: {} }] } });
    failure({ type: 'TimeDistributed', options: { layer: dense, extra: 1 } });
    expect(numHandles()).toBe(before);
  });
});
