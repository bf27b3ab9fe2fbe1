/** Writing a training run's whole state as checkpoint bytes. */
import { ArgumentError, dispose, type Generator, type Tensor } from '@rnn/tensor';
import { encodeSafetensors, type JsonObject, type Module } from '@rnn/layers';
import type { Optimizer } from '../optimizers/index.js';
import { CHECKPOINT_FORMAT, METADATA, MODEL_PREFIX, OPTIMIZER_PREFIX } from './format.js';
import { jsonText } from './json.js';

/** Everything a checkpoint stores. */
export interface CheckpointContents {
  /** Its architecture (`toConfig()`) and weights (`stateDict()`). */
  readonly model: Module;
  /** Its state: step counts, hyperparameters and slot tensors. */
  readonly optimizer?: Optimizer;
  /** Any schedule whose `getState()` is plain JSON (every schedule in this package). */
  readonly schedule?: { getState(): unknown };
  /** Random streams to resume exactly (weight init and dropout, data shuffling…), by name. */
  readonly generators?: Readonly<Record<string, Generator>>;
  /** Optimizer steps taken so far (or any count the caller resumes from): an integer ≥ 0. */
  readonly step: number;
  /** The caller's own JSON (a tokenizer, the training options), returned as is by decoding. */
  readonly extra?: JsonObject;
}

const OP = 'encodeCheckpoint';

/**
 * The checkpoint as safetensors bytes (the layout is in format.ts). Throws an ArgumentError
 * when `step` is not an integer ≥ 0 or some state would not survive JSON (NaN, a Map, a class
 * instance), naming the value. Async because reading tensors is.
 */
export async function encodeCheckpoint(contents: CheckpointContents): Promise<Uint8Array> {
  const { model, optimizer, schedule, generators = {}, step, extra = {} } = contents;
  if (!Number.isSafeInteger(step) || step < 0) throw new ArgumentError(OP, 'step', `must be an integer ≥ 0, got ${step}`);
  if (typeof extra !== 'object' || Array.isArray(extra)) throw new ArgumentError(OP, 'extra', 'must be a plain JSON object');
  const metadata: Record<string, string> = {
    [METADATA.format]: CHECKPOINT_FORMAT,
    [METADATA.step]: String(step),
    [METADATA.modelConfig]: jsonText(OP, 'model.toConfig()', model.toConfig()),
    [METADATA.generators]: jsonText(OP, 'generators', Object.fromEntries(Object.entries(generators).map(([name, g]) => [name, g.getState()]))),
    [METADATA.extra]: jsonText(OP, 'extra', extra),
  };
  if (schedule !== undefined) metadata[METADATA.schedule] = jsonText(OP, 'schedule.getState()', schedule.getState());
  const tensors: Record<string, Tensor> = {};
  for (const [name, parameter] of Object.entries(model.stateDict())) tensors[MODEL_PREFIX + name] = parameter;
  if (optimizer === undefined) return encodeSafetensors(tensors, metadata);
  // The slots are copies made for us; they are freed however encoding ends.
  const { slots, ...state } = optimizer.getState();
  try {
    metadata[METADATA.optimizer] = jsonText(OP, 'optimizer.getState()', state);
    for (const key of Object.keys(slots).sort(bySlot)) tensors[OPTIMIZER_PREFIX + key] = slots[key]!;
    return await encodeSafetensors(tensors, metadata);
  } finally {
    dispose(Object.values(slots));
  }
}

/** Slots in parameter order, then by name, so the same state always gives the same bytes. */
function bySlot(a: string, b: string): number {
  const index = (key: string): number => Number(key.slice(key.lastIndexOf('.') + 1));
  return index(a) - index(b) || (a < b ? -1 : a > b ? 1 : 0);
}
