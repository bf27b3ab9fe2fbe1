/**
 * Rebuilding modules from their configs. The registry is a plain object: the built-in types
 * below plus whatever `registerModuleType` added at run time. Nothing registers itself on
 * import, and `buildModule`/`loadModel` also take an explicit registry.
 */
import { ArgumentError, Generator, type Backend } from '@rnn/tensor';
import { ConfigError } from '../errors.js';
import { isJsonObject } from '../json.js';
import { AdditiveAttention } from '../layers/attention/additive-attention.js';
import { LuongAttention } from '../layers/attention/luong-attention.js';
import { Dense } from '../layers/dense.js';
import { Bridge } from '../layers/seq2seq/bridge.js';
import { Decoder } from '../layers/seq2seq/decoder.js';
import { Encoder } from '../layers/seq2seq/encoder.js';
import { Seq2Seq } from '../layers/seq2seq/seq2seq.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { Sequential } from '../layers/sequential.js';
import { TimeDistributed } from '../layers/time-distributed.js';
import { GRU, LSTM, RNN } from '../layers/recurrent/pytorch-layers.js';
import { Jordan } from '../layers/recurrent/jordan-layer.js';
import { GRUCell, LSTMCell, RNNCell } from '../layers/recurrent-cells/pytorch-cells.js';
import { LanguageModel } from '../layers/language-model.js';
import { ConfigReader, type BuildContext, type ModuleConfig } from './config.js';
import type { Module } from './module.js';

/** Rebuilds one module type from its options; children are built through `options.module(…)`. */
export type ModuleFromConfig = (options: ConfigReader, context: BuildContext) => Module;

/** Module type (the `type` of a config) → how to rebuild it. */
export type ModuleRegistry = Readonly<Record<string, ModuleFromConfig>>;

/** The types this package defines, by the `type` their `toConfig()` writes. */
export const builtinModuleTypes: ModuleRegistry = {
  Dense: (options, context) => Dense.fromConfig(options, context),
  Embedding: (options, context) => Embedding.fromConfig(options, context),
  Dropout: (options, context) => Dropout.fromConfig(options, context),
  TimeDistributed: (options) => TimeDistributed.fromConfig(options),
  Sequential: (options) => Sequential.fromConfig(options),
  RNN: (options, context) => RNN.fromConfig(options, context),
  LSTM: (options, context) => LSTM.fromConfig(options, context),
  GRU: (options, context) => GRU.fromConfig(options, context),
  Jordan: (options, context) => Jordan.fromConfig(options, context),
  RNNCell: (options, context) => RNNCell.fromConfig(options, context),
  LSTMCell: (options, context) => LSTMCell.fromConfig(options, context),
  GRUCell: (options, context) => GRUCell.fromConfig(options, context),
  LanguageModel: (options, context) => LanguageModel.fromConfig(options, context),
  AdditiveAttention: (options, context) => AdditiveAttention.fromConfig(options, context),
  LuongAttention: (options, context) => LuongAttention.fromConfig(options, context),
  Encoder: (options, context) => Encoder.fromConfig(options, context),
  Bridge: (options, context) => Bridge.fromConfig(options, context),
  Decoder: (options, context) => Decoder.fromConfig(options, context),
  Seq2Seq: (options, context) => Seq2Seq.fromConfig(options, context),
};

/** Real models nest a handful of levels; a config nested deeper is hostile (it would exhaust the stack). */
const MAX_NESTING = 64;

const registeredModuleTypes = new Map<string, ModuleFromConfig>();

/**
 * Makes a user-defined module type loadable by the default registry. Registering a type again
 * replaces it (so hot reloading works); a built-in name is refused.
 */
export function registerModuleType(type: string, fromConfig: ModuleFromConfig): void {
  if (Object.hasOwn(builtinModuleTypes, type)) {
    throw new ArgumentError('registerModuleType', 'type', `'${type}' is a built-in module type and cannot be replaced`);
  }
  registeredModuleTypes.set(type, fromConfig);
}

/** The default registry: the built-in types plus every registered one. */
export function moduleRegistry(): ModuleRegistry {
  return { ...builtinModuleTypes, ...Object.fromEntries(registeredModuleTypes) };
}

export interface BuildOptions {
  /** Default: `moduleRegistry()`. */
  readonly registry?: ModuleRegistry;
  /** For initial weights and dropout masks (default: `new Generator(0)`). */
  readonly generator?: Generator;
  /** Where parameters live (default: the current backend). */
  readonly backend?: Backend;
}

/**
 * A fresh module (new weights) from a config as `toConfig()` writes it. Every value is checked:
 * a malformed config throws a {@link ConfigError} with the path of the bad value, and any
 * module built before the failure is disposed.
 */
export function buildModule(config: unknown, options: BuildOptions = {}): Module {
  const registry = options.registry ?? moduleRegistry();
  const context: BuildContext = { generator: options.generator ?? new Generator(0), backend: options.backend };
  const built: Module[] = [];
  const build = (value: unknown, path: string, depth: number): Module => {
    if (depth > MAX_NESTING) throw new ConfigError(path, `nests modules deeper than ${MAX_NESTING} levels`);
    const { type, options: moduleOptions } = readModuleConfig(value, path);
    const fromConfig = Object.hasOwn(registry, type) ? registry[type] : undefined;
    if (fromConfig === undefined) {
      throw new ConfigError(`${path}.type`, `'${type}' is not a registered module type (known: ${Object.keys(registry).join(', ')})`);
    }
    const reader = new ConfigReader(moduleOptions, `${path}.options`, (child, childPath) => build(child, childPath, depth + 1));
    const module = constructFrom(fromConfig, reader, context);
    built.push(module);
    reader.rejectUnknownOptions();
    return module;
  };
  try {
    return build(config, 'config', 0);
  } catch (error) {
    for (const module of built) module.dispose();
    throw error;
  }
}

/**
 * Runs `fromConfig`. Options that pass the reader's checks may still break a constructor's rule
 * (a paddingIdx past the table); that ArgumentError becomes a ConfigError with the config path.
 */
function constructFrom(fromConfig: ModuleFromConfig, reader: ConfigReader, context: BuildContext): Module {
  try {
    return fromConfig(reader, context);
  } catch (error) {
    if (error instanceof ArgumentError) throw new ConfigError(reader.path, `are invalid: ${error.message}`, { cause: error });
    throw error;
  }
}

function readModuleConfig(value: unknown, path: string): ModuleConfig {
  if (!isJsonObject(value)) throw new ConfigError(path, 'must be an object { type, options }');
  const extra = Object.keys(value).find((key) => key !== 'type' && key !== 'options');
  if (extra !== undefined) throw new ConfigError(`${path}.${extra}`, 'is not part of a module config (only type and options)');
  const { type, options } = value;
  if (typeof type !== 'string') throw new ConfigError(`${path}.type`, 'must be a string');
  if (!isJsonObject(options)) throw new ConfigError(`${path}.options`, 'must be an object');
  return { type, options };
}
