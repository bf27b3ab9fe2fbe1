/**
 * Recognises which of Keras's files `bytes` is, and opens it: a `.keras` zip (Keras 3
 * `model.save`), a legacy full-model `.h5` (`model.save('x.h5')`: `model_config` attribute and
 * `model_weights` group), a legacy weights file (`save_weights('x.h5')`: `layer_names` at the
 * root) or a Keras 3 weights file (`save_weights('x.weights.h5')`: a `layers` group).
 */
import { KerasFormatError } from '../errors.js';
import { ConfigFields } from './config-fields.js';
import { Hdf5File, isHdf5 } from './hdf5-file.js';
import { CONFIG_ENTRY, isZip, METADATA_ENTRY, readKerasArchive, WEIGHTS_ENTRY } from './keras-archive.js';

export type KerasFile =
  /** Keras 3 weights layout; `config` is null for a bare `.weights.h5`. */
  | { readonly format: 'keras3'; readonly weights: Hdf5File; readonly config: ConfigFields | null; readonly kerasVersion: string | null }
  /** Keras 2 layout; `group` holds the per-layer groups ('model_weights', or '' for the root). */
  | { readonly format: 'legacy'; readonly weights: Hdf5File; readonly config: ConfigFields | null; readonly kerasVersion: string | null; readonly group: string };

/** The file in `bytes`, or a {@link KerasFormatError} when it is none of Keras's. */
export function openKerasFile(bytes: Uint8Array): KerasFile {
  if (isZip(bytes)) {
    const archive = readKerasArchive(bytes);
    const metadata = archive.metadata === null ? null : ConfigFields.parse(METADATA_ENTRY, archive.metadata);
    const version = metadata?.get('keras_version');
    return {
      format: 'keras3',
      weights: Hdf5File.open(archive.weights, WEIGHTS_ENTRY),
      config: archive.config === null ? null : ConfigFields.parse(CONFIG_ENTRY, archive.config),
      kerasVersion: typeof version === 'string' ? version : null,
    };
  }
  if (!isHdf5(bytes)) throw new KerasFormatError('file', 'is not a Keras file: expected a .keras zip or an HDF5 .h5 file');
  const file = Hdf5File.open(bytes);
  const rootAttributes = file.attributeNames('');
  const kerasVersion = file.text('', 'keras_version');
  if (rootAttributes.includes('model_config')) {
    if (!file.isGroup('model_weights')) throw new KerasFormatError('model_weights', 'is missing: the file has a model_config but no weights');
    return { format: 'legacy', weights: file, config: ConfigFields.parse('model_config', file.text('', 'model_config')!), kerasVersion, group: 'model_weights' };
  }
  if (rootAttributes.some((name) => name === 'layer_names' || name === 'layer_names0')) return { format: 'legacy', weights: file, config: null, kerasVersion, group: '' };
  if (file.isGroup('layers') || file.isGroup('_layer_checkpoint_dependencies') || file.isGroup('vars')) return { format: 'keras3', weights: file, config: null, kerasVersion: null };
  throw new KerasFormatError('/', 'is an HDF5 file but not a Keras one: it has no model_config or layer_names attribute and no layers group');
}

/**
 * The names in a legacy weights group's `layer_names`, which Keras splits into `layer_names0`,
 * `layer_names1`, … when it outgrows one HDF5 attribute (save_attributes_to_hdf5_group).
 */
export function legacyLayerNames(file: Hdf5File, group: string): string[] {
  const whole = file.texts(group, 'layer_names');
  if (whole !== null) return whole;
  const names: string[] = [];
  for (let chunk = 0; ; chunk++) {
    const part = file.texts(group, `layer_names${chunk}`);
    if (part === null) break;
    names.push(...part);
  }
  return names;
}
