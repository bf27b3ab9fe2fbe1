/**
 * Where a layer's weights are in an HDF5 file, for the two layouts Keras writes.
 *
 * Keras 3 (`.keras`'s model.weights.h5, `.weights.h5`; keras/src/saving/saving_lib.py):
 * `layers/<snake_case class name>[_<n>]/…/vars/<i>` — the n-th layer of a class in the model's
 * layer list gets suffix _n (`_save_container_state`), RNN layers keep their variables in
 * `…/cell/vars`, Bidirectional in `…/forward_layer/cell/vars` and `…/backward_layer/cell/vars`,
 * TimeDistributed in `…/layer/vars`. Files from Keras 2.13's `.keras` use
 * `_layer_checkpoint_dependencies` for `layers`, which Keras 3 itself still reads.
 *
 * Keras 2 / legacy (`.h5`; keras/src/legacy/saving/legacy_h5_format.py): one group per layer
 * name, attr `weight_names` listing the datasets below it in order.
 */
import { KerasFormatError } from '../errors.js';
import type { Hdf5File } from './hdf5-file.js';
import type { WeightOwner, WeightSlot } from './weight-layout.js';

export interface WeightSource {
  /** The dataset path of each of `slots`, for the layer at `layer` in the list the source was made for. */
  paths(layer: number, slots: readonly WeightSlot[]): string[];
  /** Where that layer's first weight (a kernel) is, to read the input size it declares; null if none. */
  kernelPath(layer: number): string | null;
}

const OWNER_PATHS: Readonly<Record<WeightOwner, string>> = {
  layer: '',
  cell: '/cell',
  forward_layer: '/forward_layer/cell',
  backward_layer: '/backward_layer/cell',
  wrapped: '/layer',
};

/** keras/src/utils/naming.py `to_snake_case`: 'SimpleRNN' → 'simple_rnn', 'TimeDistributed' → 'time_distributed'. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Keras 3 weights for a model whose layers, in order, are of these Keras classes. */
export function keras3WeightSource(file: Hdf5File, classNames: readonly string[]): WeightSource {
  const root = !file.isGroup('layers') && file.isGroup('_layer_checkpoint_dependencies') ? '_layer_checkpoint_dependencies' : 'layers';
  const used = new Map<string, number>();
  const prefixes = classNames.map((className) => {
    const base = toSnakeCase(className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    return `${root}/${count === undefined ? base : `${base}_${count + 1}`}`;
  });
  const varsOf = (layer: number, owner: WeightOwner): string => `${prefixes[layer]!}${OWNER_PATHS[owner]}/vars`;
  return {
    paths(layer, slots) {
      for (const owner of new Set(slots.map((slot) => slot.owner))) {
        const vars = varsOf(layer, owner);
        if (!file.isGroup(vars)) throw new KerasFormatError(vars, `is missing: no weights for Keras layer #${layer} (${classNames[layer]!})`);
        const expected = slots.filter((slot) => slot.owner === owner).length;
        const found = file.keys(vars).length;
        if (found !== expected) throw new KerasFormatError(vars, `holds ${found} weights, expected ${expected}`);
      }
      return slots.map((slot) => `${varsOf(layer, slot.owner)}/${slot.index}`);
    },
    kernelPath(layer) {
      const className = classNames[layer]!;
      const owner: WeightOwner = ['SimpleRNN', 'LSTM', 'GRU'].includes(className) ? 'cell' : className === 'Bidirectional' ? 'forward_layer' : className === 'TimeDistributed' ? 'wrapped' : 'layer';
      return `${varsOf(layer, owner)}/0`;
    },
  };
}

/** Legacy weights: layer `k` is the group `layerNames[k]` under `group` ('' for the root). */
export function legacyWeightSource(file: Hdf5File, group: string, layerNames: readonly string[]): WeightSource {
  const layerGroup = (layer: number): string => (group === '' ? layerNames[layer]! : `${group}/${layerNames[layer]!}`);
  const weightNames = (layer: number): string[] => {
    const path = layerGroup(layer);
    if (!file.isGroup(path)) throw new KerasFormatError(path, `is missing: no weights for layer '${layerNames[layer]!}'`);
    // Keras 3's legacy writer also lists Dropout/RNN seed-generator states, which hold no weights.
    return (file.texts(path, 'weight_names') ?? []).filter((name) => !name.endsWith('seed_generator_state'));
  };
  return {
    paths(layer, slots) {
      const names = weightNames(layer);
      if (names.length !== slots.length) {
        throw new KerasFormatError(layerGroup(layer), `lists ${names.length} weights (${names.join(', ')}), expected ${slots.length} (${slots.map((s) => s.role).join(', ')})`);
      }
      return names.map((name) => `${layerGroup(layer)}/${name}`);
    },
    kernelPath(layer) {
      const [first] = weightNames(layer);
      return first === undefined ? null : `${layerGroup(layer)}/${first}`;
    },
  };
}
