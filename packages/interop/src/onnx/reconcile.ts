/**
 * Checking a file's metadata config against what its graph shows, and completing a
 * graph-only config with defaults. The metadata may add what a graph cannot say (dropout rates,
 * stateful, dtype, paddingIdx) but must agree on everything the graph determines — which is
 * every size — so a hostile config can never make the importer build a larger model than the
 * file's own weights.
 */
import type { JsonObject, JsonValue, ModuleConfig } from '@rnn/layers';
import { asLanguageModel } from './language-model-pattern.js';
import type { Recognized } from './recognized.js';

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isModuleConfig = (value: unknown): value is ModuleConfig => isJsonObject(value) && typeof value.type === 'string' && isJsonObject(value.options);

/** Scalars agree when equal; numbers also when equal in float32 (the graph stores clip as float). */
function sameScalar(a: JsonValue, b: JsonValue): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Math.fround(a) === Math.fround(b));
}

function agreeValue(meta: JsonValue | undefined, derived: JsonValue): boolean {
  if (meta === undefined) return false;
  if (isModuleConfig(derived)) return isModuleConfig(meta) && agreeModule(meta, { config: derived, weights: [] });
  if (Array.isArray(derived)) return Array.isArray(meta) && meta.length === derived.length && derived.every((d: JsonValue, i) => agreeValue((meta as readonly JsonValue[])[i], d));
  if (isJsonObject(derived)) return false;
  return sameScalar(meta, derived);
}

/**
 * Whether the metadata `meta` describes the module the graph shows. TimeDistributed(Dense)
 * and a one-layer Sequential export as their content, and a LanguageModel with an embedding
 * as a chain, so those wrappings are looked through.
 */
export function agreeModule(meta: ModuleConfig, derived: Recognized): boolean {
  const { config } = derived;
  if (meta.type === 'TimeDistributed' && config.type !== 'TimeDistributed') return isModuleConfig(meta.options.layer) && agreeModule(meta.options.layer, derived);
  if (meta.type === 'Sequential' && config.type !== 'Sequential') {
    const layers = meta.options.layers;
    return Array.isArray(layers) && layers.length === 1 && isModuleConfig(layers[0]) && agreeModule(layers[0], derived);
  }
  if (meta.type === 'LanguageModel' && config.type === 'Sequential') {
    const layers = config.options.layers;
    if (!Array.isArray(layers) || !layers.every(isModuleConfig)) return false;
    const model = asLanguageModel(layers.map((layer) => ({ config: layer, weights: [] })));
    return model !== null && agreeModule(meta, model);
  }
  if (meta.type !== config.type) return false;
  if (meta.type === 'Sequential') {
    const [metaLayers, layers] = [meta.options.layers, config.options.layers];
    return Array.isArray(metaLayers) && Array.isArray(layers) && metaLayers.length === layers.length && layers.every((layer, i) => isModuleConfig(layer) && isModuleConfig(metaLayers[i]) && agreeModule(metaLayers[i], { config: layer, weights: [] }));
  }
  // Keys only the metadata has must be plain settings: a nested module there would be unchecked.
  const extra = Object.keys(meta.options).filter((key) => !Object.hasOwn(config.options, key));
  if (extra.some((key) => typeof meta.options[key] === 'object' && meta.options[key] !== null)) return false;
  return Object.entries(config.options).every(([key, value]) => agreeValue(meta.options[key], value));
}

/** What a graph cannot say, per module type: the value a plain graph imports with. */
const DEFAULTS: Readonly<Record<string, JsonObject>> = {
  RNN: { dropout: 0, stateful: false, recurrentDropout: 0, irnn: false },
  LSTM: { dropout: 0, stateful: false, recurrentDropout: 0, unitForgetBias: false },
  GRU: { dropout: 0, stateful: false, recurrentDropout: 0 },
  Embedding: { paddingIdx: null },
  Dropout: { rate: 0 },
  LanguageModel: { dropout: 0 },
};

const HAS_DTYPE = new Set(['RNN', 'LSTM', 'GRU', 'Dense', 'Embedding']);

/**
 * `config` with every option the graph left out at its default, and `dtype` set on every
 * module that has one (when `dtype` is given).
 *
 * @example
 * withDefaults({ type: 'Dropout', options: {} }, 'float32'); // { type: 'Dropout', options: { rate: 0 } }
 */
export function withDefaults(config: ModuleConfig, dtype: 'float32' | 'float64' | undefined): ModuleConfig {
  const options: Record<string, JsonValue> = { ...(DEFAULTS[config.type] ?? {}), ...config.options };
  for (const [key, value] of Object.entries(options)) {
    if (isModuleConfig(value)) options[key] = withDefaults(value, dtype);
    else if (Array.isArray(value)) options[key] = value.map((v: JsonValue) => (isModuleConfig(v) ? withDefaults(v, dtype) : v));
  }
  if (HAS_DTYPE.has(config.type)) options.dtype = dtype ?? (typeof options.dtype === 'string' ? options.dtype : 'float32');
  return { type: config.type, options };
}
