/**
 * A Keras model config (Keras 3 config.json or Keras 2's `model_config` attribute) as the
 * ordered list of its layers. Sequential models are that list already; a Functional model is
 * accepted when it is one: a single input, each layer fed only by the one before it, the last
 * one the single output.
 */
import { KerasFormatError, UnsupportedModelError } from '../errors.js';
import { ConfigFields } from './config-fields.js';

/** One layer of the model, in order. */
export interface KerasLayerConfig {
  /** Keras's class name: 'LSTM', 'Dense', 'InputLayer', … */
  readonly className: string;
  readonly name: string;
  /** The layer's own `config` object. */
  readonly config: ConfigFields;
}

/** Deeper nesting than this in an inbound-node record is not something Keras writes. */
const MAX_NODE_DEPTH = 32;

/** The layers of a Sequential or single-chain Functional model config, in order. */
export function modelLayers(model: ConfigFields): KerasLayerConfig[] {
  const className = model.string('class_name');
  const config = model.object('config');
  if (className === 'Sequential') return uniquelyNamed(config.array('layers').map((entry, i) => layerOf(ConfigFields.of(`${model.location} layers[${i}]`, entry))));
  if (className === 'Functional' || className === 'Model') return functionalChain(config);
  throw new UnsupportedModelError('keras', className, 'only Sequential models and Functional models that are a single chain of layers can be imported');
}

function layerOf(entry: ConfigFields): KerasLayerConfig {
  const config = entry.object('config');
  const name = config.string('name');
  return { className: entry.string('class_name'), name, config: ConfigFields.of(name, config.fields) };
}

function uniquelyNamed(layers: KerasLayerConfig[]): KerasLayerConfig[] {
  const seen = new Set<string>();
  for (const { name } of layers) {
    if (seen.has(name)) throw new KerasFormatError(name, 'duplicate layer name: Keras requires every layer of a model to have its own');
    seen.add(name);
  }
  return layers;
}

function functionalChain(config: ConfigFields): KerasLayerConfig[] {
  const entries = config.array('layers').map((entry, i) => ConfigFields.of(`layers[${i}]`, entry));
  const layers = uniquelyNamed(entries.map(layerOf));
  const notAChain = (detail: string): UnsupportedModelError =>
    new UnsupportedModelError('keras', config.stringOr('name', 'model'), `only a single chain of layers can be imported: ${detail}`);
  const inputs = config.array('input_layers');
  const outputs = config.array('output_layers');
  if (inputs.length !== 1 || outputs.length !== 1) throw notAChain(`it has ${inputs.length} inputs and ${outputs.length} outputs`);
  if (layers[0]?.className !== 'InputLayer') throw notAChain('the first layer is not its InputLayer');
  if (!sameName(outputs[0], layers[layers.length - 1]!.name)) throw notAChain('the output is not the last layer');
  entries.forEach((entry, i) => {
    const nodes = entry.array('inbound_nodes');
    const sources = new Set<string>();
    nodes.forEach((node) => { collectSources(node, sources, 0); });
    const expected = i === 0 ? [] : [layers[i - 1]!.name];
    if (nodes.length !== (i === 0 ? 0 : 1) || sources.size !== expected.length || !expected.every((name) => sources.has(name))) {
      throw notAChain(`layer '${layers[i]!.name}' reads ${sources.size === 0 ? 'nothing' : [...sources].map((s) => `'${s}'`).join(', ')}${i === 0 ? '' : `, not just '${expected[0]!}'`}`);
    }
  });
  return layers;
}

/** `[name, node, tensor]` (input_layers / output_layers) names `name`. */
function sameName(record: unknown, name: string): boolean {
  return Array.isArray(record) && record[0] === name;
}

/**
 * The layer names an inbound node reads: Keras 2 writes `[[name, node, tensor, kwargs], …]`,
 * Keras 3 `{args: […], kwargs: {…}}` with tensors as `{config: {keras_history: [name, …]}}`.
 */
function collectSources(node: unknown, into: Set<string>, depth: number): void {
  if (depth > MAX_NODE_DEPTH || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    if (typeof node[0] === 'string' && typeof node[1] === 'number') into.add(node[0]);
    else for (const item of node) collectSources(item, into, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'keras_history' && Array.isArray(value) && typeof value[0] === 'string') into.add(value[0]);
    else collectSources(value, into, depth + 1);
  }
}
