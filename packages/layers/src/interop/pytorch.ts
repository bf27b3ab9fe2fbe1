/**
 * PyTorch weights in and out through safetensors. A module's `stateDict()` already spells
 * PyTorch's names and layouts (`weight_ih_l0`, `weight_hh_l1_reverse`, Linear's [out, in]), so
 * moving weights is decoding and loading, or encoding with the metadata PyTorch's writer adds:
 * no renaming, no transposes.
 */
import { ArgumentError, dispose, type Tensor } from '@rnn/tensor';
import type { LoadStateDictOptions, LoadStateDictResult, Module } from '../module/module.js';
import { decodeSafetensors } from '../safetensors/decode.js';
import { encodeSafetensors } from '../safetensors/encode.js';

export interface LoadPyTorchWeightsOptions extends LoadStateDictOptions {
  /**
   * Stripped from the start of every key that has it, as PyTorch's
   * `consume_prefix_in_state_dict_if_present` does: 'module.' for a state dict saved from
   * `DataParallel`, 'model.' for one saved from a wrapper. A missing trailing '.' is added.
   */
  readonly prefix?: string;
}

/**
 * Loads a safetensors file written by `safetensors.torch.save_file(model.state_dict(), path)`
 * into `module` through `loadStateDict`: all or nothing, dtypes cast as PyTorch's `copy_`
 * does, and a {@link StateDictError} naming every missing or unexpected key and each shape
 * mismatch with both shapes. A malformed file throws a {@link SafetensorsError}. The decoded
 * tensors are freed however it ends.
 *
 * @example
 * const lstm = new LSTM({ inputSize: 8, hiddenSize: 16, numLayers: 2, generator: new Generator(0) });
 * loadPyTorchWeights(lstm, await readFile('lstm.safetensors'));
 */
export function loadPyTorchWeights(module: Module, bytes: Uint8Array, options: LoadPyTorchWeightsOptions = {}): LoadStateDictResult {
  const backend = module.parameters()[0]?.backend;
  const { tensors } = decodeSafetensors(bytes, backend === undefined ? {} : { backend });
  try {
    const dict = options.prefix === undefined ? tensors : withoutPrefix(tensors, options.prefix);
    return module.loadStateDict(dict, options.strict === undefined ? {} : { strict: options.strict });
  } finally {
    dispose(Object.values(tensors));
  }
}

/**
 * The module's state dict as a safetensors file with `{"format": "pt"}` metadata, as
 * `safetensors.torch.save_file` writes it: `safetensors.torch.load_file` then
 * `model.load_state_dict` reads it unchanged. A weight shared by several modules is written
 * under each name, as `state_dict()` lists it.
 */
export async function savePyTorchWeights(module: Module): Promise<Uint8Array> {
  return encodeSafetensors(module.stateDict(), { format: 'pt' });
}

/** `tensors` with `prefix` removed from the keys that start with it; the rest as they are. */
function withoutPrefix(tensors: Readonly<Record<string, Tensor>>, prefix: string): Record<string, Tensor> {
  const lead = prefix === '' || prefix.endsWith('.') ? prefix : `${prefix}.`;
  const renamed: Record<string, Tensor> = {};
  for (const [key, tensor] of Object.entries(tensors)) {
    const name = key.startsWith(lead) ? key.slice(lead.length) : key;
    if (Object.hasOwn(renamed, name)) {
      throw new ArgumentError('loadPyTorchWeights', 'prefix', `'${lead}' makes two keys '${name}' (the file has both '${name}' and '${lead}${name}')`);
    }
    renamed[name] = tensor;
  }
  return renamed;
}
