/**
 * Whole models as one safetensors file: the state dict as the tensors, the architecture
 * (`toConfig()`) as JSON in the metadata. Any safetensors reader sees the weights under their
 * PyTorch names; `loadModel` also rebuilds the module around them.
 */
import { dispose } from '@rnn/tensor';
import { ConfigError } from '../errors.js';
import type { Module } from '../module/module.js';
import { buildModule, type BuildOptions } from '../module/registry.js';
import { decodeSafetensors } from '../safetensors/decode.js';
import { encodeSafetensors } from '../safetensors/encode.js';

/** The `__metadata__.format` of a saved model; the number changes when the layout does. */
export const MODEL_FORMAT = 'rnn-model/1';

/** A module's weights and config as safetensors bytes. */
export async function saveModel(module: Module): Promise<Uint8Array> {
  return encodeSafetensors(module.stateDict(), { format: MODEL_FORMAT, config: JSON.stringify(module.toConfig()) });
}

/** `registry` (default: built-ins plus registered types), `generator` (for dropout), `backend`. */
export type LoadModelOptions = BuildOptions;

/**
 * Rebuilds a module saved by {@link saveModel} and loads its weights strictly: a file that is not
 * a model throws a ConfigError, one whose weights do not fit its config a StateDictError, a
 * malformed file a SafetensorsError. Nothing leaks on failure.
 *
 * The file's bytes are validated before anything is allocated from them, but the config's
 * layer sizes are allocated as the module is rebuilt, before the weights are compared with
 * them: load model files from sources you would trust with the memory they ask for.
 */
export function loadModel(bytes: Uint8Array, options: LoadModelOptions = {}): Module {
  const { tensors, metadata } = decodeSafetensors(bytes, { backend: options.backend });
  try {
    const module = buildModule(configOf(metadata), options);
    try {
      module.loadStateDict(tensors);
    } catch (error) {
      module.dispose();
      throw error;
    }
    return module;
  } finally {
    // The parameters hold their own references; the decoded copies are no longer needed.
    dispose(tensors);
  }
}

function configOf(metadata: Readonly<Record<string, string>>): unknown {
  const format = metadata.format;
  if (format !== MODEL_FORMAT) {
    throw new ConfigError('__metadata__.format', `must be '${MODEL_FORMAT}' (a file written by saveModel), got ${JSON.stringify(format ?? null)}`);
  }
  const config = metadata.config;
  if (config === undefined) throw new ConfigError('__metadata__.config', 'is missing');
  try {
    return JSON.parse(config) as unknown;
  } catch {
    throw new ConfigError('__metadata__.config', 'is not valid JSON');
  }
}
