/** Reading checkpoint bytes back into a model and the training state around it. */
import { dispose, type Backend, type Generator, type GeneratorState, type Tensor } from '@rnn/tensor';
import { buildModule, decodeSafetensors, type JsonObject, type Module, type ModuleRegistry } from '@rnn/layers';
import type { OptimizerState } from '../optimizers/index.js';
import { CheckpointError } from './errors.js';
import { MODEL_PREFIX, OPTIMIZER_PREFIX } from './format.js';
import { readCheckpointMetadata } from './metadata.js';

/** How to rebuild the model: as for `loadModel`. */
export interface DecodeCheckpointOptions {
  /** Module types (default: the built-ins plus registered ones). */
  readonly registry?: ModuleRegistry;
  /** For the rebuilt model's dropout masks (default `new Generator(0)`); restore its state with `restoreTraining`. */
  readonly generator?: Generator;
  /** Where the tensors are created (default: the current backend). */
  readonly backend?: Backend;
}

/** A decoded checkpoint. */
export interface Checkpoint extends Disposable {
  /** Rebuilt from its config with the saved weights; it belongs to the caller. */
  readonly model: Module;
  readonly step: number;
  /** For `optimizer.setState` (or `restoreTraining`); absent when saved without an optimizer. */
  readonly optimizerState?: OptimizerState;
  /** For `schedule.setState`; absent when saved without a schedule. */
  readonly scheduleState?: unknown;
  readonly generatorStates: Readonly<Record<string, GeneratorState>>;
  readonly extra: JsonObject;
  /**
   * Frees the optimizer state's slot tensors (`setState` copies them, so call this after
   * restoring). The model is not freed: it is yours to train or dispose.
   */
  dispose(): void;
}

/**
 * Decodes {@link encodeCheckpoint} bytes: rebuilds the model through the module registry (as
 * `loadModel` does) and loads its weights strictly. Every metadata field is checked before
 * anything is built; nothing leaks on failure. Throws a {@link CheckpointError} for a file that
 * is not a checkpoint or a malformed field or tensor name, a SafetensorsError for malformed
 * bytes, a ConfigError for a model config that does not build, a StateDictError for weights that
 * do not fit it.
 */
export function decodeCheckpoint(bytes: Uint8Array, options: DecodeCheckpointOptions = {}): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes, { backend: options.backend });
  try {
    const fields = readCheckpointMetadata(metadata);
    const weights: Record<string, Tensor> = {};
    const slots: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(tensors)) {
      if (name.startsWith(MODEL_PREFIX)) define(weights, name.slice(MODEL_PREFIX.length), tensor);
      else if (name.startsWith(OPTIMIZER_PREFIX)) define(slots, name.slice(OPTIMIZER_PREFIX.length), tensor);
      else throw new CheckpointError('tensors', `include '${name}', which is neither a model weight ('${MODEL_PREFIX}…') nor an optimizer slot ('${OPTIMIZER_PREFIX}…')`);
    }
    const slotKeys = Object.keys(slots);
    if (fields.optimizer === undefined && slotKeys.length > 0) {
      throw new CheckpointError('__metadata__.optimizer', `is missing, but the file has optimizer slots (${slotKeys.slice(0, 3).map((k) => OPTIMIZER_PREFIX + k).join(', ')}…)`);
    }
    const model = buildModule(fields.modelConfig, options);
    try {
      model.loadStateDict(weights);
    } catch (error) {
      model.dispose();
      throw error;
    }
    dispose(Object.values(weights)); // the parameters hold their own references
    const optimizerState = fields.optimizer === undefined ? undefined : { ...fields.optimizer, slots };
    const free = (): void => {
      dispose(Object.values(slots));
    };
    return {
      model,
      step: fields.step,
      ...(optimizerState === undefined ? {} : { optimizerState }),
      ...(fields.hasSchedule ? { scheduleState: fields.schedule } : {}),
      generatorStates: fields.generators,
      extra: fields.extra,
      dispose: free,
      [Symbol.dispose]: free,
    };
  } catch (error) {
    dispose(Object.values(tensors));
    throw error;
  }
}

/** `record[key] = value`, also for a key such as `__proto__`, which plain assignment would not store. */
function define(record: Record<string, Tensor>, key: string, value: Tensor): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
