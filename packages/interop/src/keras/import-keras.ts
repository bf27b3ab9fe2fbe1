/** `importKeras`: a Keras model file as an @rnn `Sequential`, architecture and weights. */
import { ACTIVATIONS, Sequential, type Activation, type FloatDType, type Module } from '@rnn/layers';
import { Generator, type Backend } from '@rnn/tensor';
import { KerasFormatError, UnsupportedModelError } from '../errors.js';
import type { ConfigFields } from './config-fields.js';
import type { FloatDataset } from './hdf5-file.js';
import { openKerasFile, type KerasFile } from './keras-file.js';
import { outputFeatures, type LayerSpec } from './layer-spec.js';
import { assignLayerWeights, checkLayerWeights, checkTotalSize, readLayerWeights } from './layer-weights.js';
import { modelLayers, type KerasLayerConfig } from './model-config.js';
import { moduleFromSpec } from './module-from-spec.js';
import { activationName, specFromKeras } from './spec-from-keras.js';
import { keras3WeightSource, legacyWeightSource, type WeightSource } from './weight-source.js';

export interface ImportKerasOptions {
  /** Initialises the modules before the weights overwrite them, and draws dropout masks (default: seed 0). */
  readonly generator?: Generator;
  readonly backend?: Backend;
  /** The parameters' dtype (default float32, what Keras stores). */
  readonly dtype?: FloatDType;
}

export interface KerasImport {
  /** The model, in eval mode; batch-first, as Keras layers are. */
  readonly model: Sequential;
  /** The Keras layer name of each child of `model`, in order. */
  readonly layerNames: readonly string[];
  /** The Keras version that wrote the file, when it says. */
  readonly kerasVersion: string | null;
}

/** One layer on its way in: what it is, its Keras name, and its checked, unread weights. */
interface PlannedLayer {
  spec: LayerSpec;
  readonly name: string;
  readonly datasets: readonly FloatDataset[];
}

/**
 * A Keras model with its architecture — a `.keras` file (config.json + model.weights.h5) or a
 * full-model legacy `.h5` (`model_config` attribute + `model_weights`) — as an @rnn
 * `Sequential` of batch-first layers, returned in eval mode. Sequential models and Functional
 * models that are a single chain import; layers and options @rnn cannot reproduce throw an
 * {@link UnsupportedModelError}, and unreadable, malformed or inconsistent files a
 * {@link KerasFormatError} naming the zip entry, HDF5 path or layer. Every weight's shape and
 * dtype is checked before any is read. Keras's input `dropout` of recurrent layers only acts in
 * training and is not reproduced; `recurrent_dropout` is.
 *
 * @example
 * const { model, layerNames } = importKeras(new Uint8Array(await readFile('model.keras')));
 * const y = model.forward(fromArray(x, { shape: [batch, steps, features] }));
 */
export function importKeras(bytes: Uint8Array, options: ImportKerasOptions = {}): KerasImport {
  const file = openKerasFile(bytes);
  if (file.config === null) {
    throw new KerasFormatError('file', 'holds weights only, without the model architecture: build the model and use loadKerasWeights');
  }
  const layers = modelLayers(file.config);
  const planned = planLayers(file, layers);
  checkTotalSize(file.weights, planned.flatMap((layer) => layer.datasets));
  const context = { generator: options.generator ?? new Generator(0), dtype: options.dtype ?? 'float32', ...(options.backend ? { backend: options.backend } : {}) };
  const values = planned.map(({ datasets }) => readLayerWeights(file.weights, datasets));
  const modules: Module[] = [];
  try {
    planned.forEach(({ spec }, k) => {
      const module = moduleFromSpec(spec, context);
      modules.push(module);
      assignLayerWeights(module, spec, values[k]!);
    });
  } catch (error) {
    for (const module of modules) module.dispose();
    throw error;
  }
  return { model: new Sequential(modules).eval(), layerNames: planned.map((layer) => layer.name), kerasVersion: file.kerasVersion };
}

/** Every layer's spec and checked weights, in order, with Activation layers folded in. */
function planLayers(file: KerasFile, layers: readonly KerasLayerConfig[]): PlannedLayer[] {
  const source: WeightSource = file.format === 'keras3' ? keras3WeightSource(file.weights, layers.map((l) => l.className)) : legacyWeightSource(file.weights, file.group, layers.map((l) => l.name));
  const planned: PlannedLayer[] = [];
  let features: number | null = null;
  layers.forEach((layer, index) => {
    if (layer.className === 'InputLayer') {
      features = declaredFeatures(layer.config) ?? features;
      return;
    }
    if (layer.className === 'Activation') {
      foldActivation(layer, planned);
      return;
    }
    const spec = specFromKeras(layer, () => features ?? declaredInputSize(file, source, index, layer.name));
    if (spec === null) return;
    const previous = planned[planned.length - 1];
    if (previous?.spec.kind === 'recurrent' && previous.spec.mergeMode === 'none') {
      throw new UnsupportedModelError('keras', previous.name, 'merge_mode=None returns two outputs, which only the last layer of a model can do');
    }
    planned.push({ spec, name: layer.name, datasets: checkLayerWeights(file.weights, source, index, spec) });
    features = outputFeatures(spec, features);
  });
  return planned;
}

/**
 * An Activation layer has no @rnn module of its own: 'linear' is dropped, and any other
 * activation @rnn's Dense offers becomes the activation of the linear Dense just before it.
 */
function foldActivation(layer: KerasLayerConfig, planned: PlannedLayer[]): void {
  const refuse = (detail: string): UnsupportedModelError => new UnsupportedModelError('keras', layer.name, detail);
  const activation = activationName(layer.config, 'activation', 'linear', refuse);
  if (activation === 'linear') return;
  const previous = planned[planned.length - 1];
  if (!(ACTIVATIONS as readonly string[]).includes(activation) || previous?.spec.kind !== 'dense' || previous.spec.activation !== 'linear') {
    throw refuse(`Activation('${activation}') can only be imported after a Dense with a linear activation (folded into it), and only as one of ${ACTIVATIONS.join(', ')}`);
  }
  previous.spec = { ...previous.spec, activation: activation as Activation };
}

/**
 * The feature size an InputLayer declares: the last dim of Keras 3's `batch_shape` or Keras
 * 2's `batch_input_shape`, or null when it gives none.
 */
function declaredFeatures(config: ConfigFields): number | null {
  const shape = config.get('batch_shape') ?? config.get('batch_input_shape');
  const last: unknown = Array.isArray(shape) ? shape[shape.length - 1] : undefined;
  return typeof last === 'number' && Number.isSafeInteger(last) && last > 0 ? last : null;
}

/** The input size the first sized layer's kernel declares, when no earlier layer fixes it. */
function declaredInputSize(file: KerasFile, source: WeightSource, index: number, name: string): number {
  const path = source.kernelPath(index);
  const size = path === null ? null : file.weights.leadingDimension(path);
  if (size === null) throw new KerasFormatError(name, 'cannot tell the input size: no earlier layer fixes it and the layer has no kernel dataset');
  return size;
}
