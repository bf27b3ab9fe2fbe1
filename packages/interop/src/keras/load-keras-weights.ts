/** `loadKerasWeights`: Keras weights into a model you built, layer by layer in order. */
import { Sequential, type Module } from '@rnn/layers';
import { KerasFormatError } from '../errors.js';
import type { FloatDataset } from './hdf5-file.js';
import { legacyLayerNames, openKerasFile, type KerasFile } from './keras-file.js';
import { kerasClassName, type LayerSpec } from './layer-spec.js';
import { assignLayerWeights, checkLayerWeights, checkTotalSize, readLayerWeights } from './layer-weights.js';
import { specFromModule } from './spec-from-module.js';
import { weightSlots } from './weight-layout.js';
import { keras3WeightSource, legacyWeightSource, type WeightSource } from './weight-source.js';

/** A child of the model that takes Keras layer weights. */
interface Target {
  readonly module: Module;
  readonly spec: LayerSpec;
}

/**
 * Loads Keras weights — a legacy `save_weights` `.h5`, a full-model `.h5`, a Keras 3
 * `.weights.h5`, or a `.keras` file — into `model`, a `Sequential` (or a single layer) you
 * built to match: its layers are matched in order with the Keras layers that have weights
 * (Keras 3 files find them as Keras does, by class and position). All or nothing: every shape
 * and dtype is checked and every weight read before any parameter changes; a mismatch throws a {@link KerasFormatError}
 * naming the weight and both shapes, and a module with no Keras counterpart an
 * {@link UnsupportedModelError}. Recurrent layers must be one layer each (`numLayers: 1`), as
 * Keras's are; the architecture in the file, if any, is not consulted.
 *
 * @example
 * const model = new Sequential([new LSTM({ inputSize: 3, hiddenSize: 4, batchFirst: true, returnSequences: false, generator })]);
 * loadKerasWeights(model, new Uint8Array(await readFile('lstm.weights.h5')));
 */
export function loadKerasWeights(model: Module, bytes: Uint8Array): void {
  const children = model instanceof Sequential ? model.layers : [model];
  const targets: Target[] = [];
  children.forEach((module, i) => {
    const spec = specFromModule(module, `layer ${i}`);
    if (spec !== null) targets.push({ module, spec });
  });
  const file = openKerasFile(bytes);
  const { source, layers } = file.format === 'keras3' ? keras3Source(file, targets) : legacySource(file, targets);
  const datasets: FloatDataset[][] = layers.map(({ target, index }) => checkLayerWeights(file.weights, source, index, target.spec));
  checkTotalSize(file.weights, datasets.flat());
  const values = datasets.map((layerDatasets) => readLayerWeights(file.weights, layerDatasets));
  layers.forEach(({ target }, k) => {
    assignLayerWeights(target.module, target.spec, values[k]!);
  });
}

interface Matched {
  readonly source: WeightSource;
  /** Each target with its index in the source's layer list. */
  readonly layers: readonly { readonly target: Target; readonly index: number }[];
}

/** Keras 3 names weight groups by class and position, which the modules determine. */
function keras3Source(file: KerasFile, targets: readonly Target[]): Matched {
  const source = keras3WeightSource(file.weights, targets.map(({ spec }) => kerasClassName(spec)));
  return { source, layers: targets.map((target, index) => ({ target, index })).filter(({ target }) => weightSlots(target.spec).length > 0) };
}

/** Legacy files list layers by name: those with weights pair with the modules with weights, in order. */
function legacySource(file: KerasFile & { format: 'legacy' }, targets: readonly Target[]): Matched {
  const group = file.group;
  const named = legacyLayerNames(file.weights, group).filter((name) => {
    const path = group === '' ? name : `${group}/${name}`;
    return file.weights.isGroup(path) && (file.weights.texts(path, 'weight_names') ?? []).some((weight) => !weight.endsWith('seed_generator_state'));
  });
  const weighted = targets.filter(({ spec }) => weightSlots(spec).length > 0);
  if (named.length !== weighted.length) {
    throw new KerasFormatError(group || '/', `holds weights for ${named.length} layers (${named.join(', ')}), but the model has ${weighted.length} layers with weights`);
  }
  return { source: legacyWeightSource(file.weights, group, named), layers: weighted.map((target, index) => ({ target, index })) };
}
