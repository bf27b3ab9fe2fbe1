/**
 * The checkpoint layout: one safetensors file that any safetensors reader can open.
 *
 * Tensors: the model's state dict under `model.<name>` (PyTorch's names) and the optimizer's
 * slots under `optimizer.<slot>.<parameter index>` (`optimizer.exp_avg.3`). `__metadata__`
 * (strings, as the format requires): `format`, `step` (decimal), and JSON text for
 * `model_config`, `optimizer` (the optimizer state without its slots; absent without an
 * optimizer), `schedule` (absent without a schedule), `generators` and `extra`.
 */

/** The `__metadata__.format` of a checkpoint; the number changes when the layout does. */
export const CHECKPOINT_FORMAT = 'rnn-checkpoint/1';

/** Prefixes of the two tensor groups. */
export const MODEL_PREFIX = 'model.';
export const OPTIMIZER_PREFIX = 'optimizer.';

/** The metadata keys, as written. */
export const METADATA = {
  format: 'format',
  step: 'step',
  modelConfig: 'model_config',
  optimizer: 'optimizer',
  schedule: 'schedule',
  generators: 'generators',
  extra: 'extra',
} as const;
