/**
 * Moving Keras weights into modules in three passes, so that a bad file changes nothing:
 * `checkLayerWeights` for every layer (shapes, dtypes, sizes: nothing read or allocated), then
 * `readLayerWeights` for every layer (a garbled data block fails here), then
 * `assignLayerWeights`.
 */
import type { Module } from '@rnn/layers';
import { dispose, fromArray, type Tensor } from '@rnn/tensor';
import { KerasFormatError } from '../errors.js';
import type { FloatDataset, Hdf5File } from './hdf5-file.js';
import type { LayerSpec } from './layer-spec.js';
import { stateDictFromKeras, weightSlots } from './weight-layout.js';
import type { WeightSource } from './weight-source.js';

/** Float32 is the smallest element a Keras weight can have here. */
const SMALLEST_ELEMENT_BYTES = 4;

/** Layer `layer`'s datasets, each checked against the shape `spec` needs, none read. */
export function checkLayerWeights(file: Hdf5File, source: WeightSource, layer: number, spec: LayerSpec): FloatDataset[] {
  const slots = weightSlots(spec);
  if (slots.length === 0) return [];
  const paths = source.paths(layer, slots);
  return slots.map((slot, i) => file.floatDataset(paths[i]!, slot.shape, slot.role));
}

/**
 * Refuses weights that together declare more data than the file holds: each dataset fits on
 * its own, but several could point at the same bytes, and memory must stay bounded by the file.
 */
export function checkTotalSize(file: Hdf5File, datasets: readonly FloatDataset[]): void {
  const elements = datasets.reduce((sum, { shape }) => sum + shape.reduce((a, b) => a * b, 1), 0);
  if (elements * SMALLEST_ELEMENT_BYTES > file.byteLength) {
    throw new KerasFormatError('weights', `the layers need ${elements} weights in all, more than a ${file.byteLength}-byte file can hold`);
  }
}

/** The values of `datasets` (from {@link checkLayerWeights}), in order. */
export function readLayerWeights(file: Hdf5File, datasets: readonly FloatDataset[]): Float64Array[] {
  return datasets.map((dataset) => file.readFloats(dataset));
}

/** Loads one layer's Keras `values` (from {@link readLayerWeights}) into `module`. */
export function assignLayerWeights(module: Module, spec: LayerSpec, values: readonly Float64Array[]): void {
  if (values.length === 0) return;
  const target = module.parameters()[0]!;
  const tensors: Record<string, Tensor> = {};
  try {
    for (const [name, { shape, data }] of Object.entries(stateDictFromKeras(spec, values))) {
      tensors[name] = fromArray(data, { shape: [...shape], dtype: target.dtype, backend: target.backend });
    }
    module.loadStateDict(tensors);
  } finally {
    dispose(Object.values(tensors));
  }
}
