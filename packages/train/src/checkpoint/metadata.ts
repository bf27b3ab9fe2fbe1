/**
 * Reading a checkpoint's `__metadata__`: every field is parsed and checked before anything is
 * built from it, and a bad one is a {@link CheckpointError} naming it.
 */
import type { GeneratorState } from '@rnn/tensor';
import type { JsonObject } from '@rnn/layers';
import { MODEL_FORMAT } from '@rnn/layers';
import type { OptimizerConfig } from '../optimizers/index.js';
import { CheckpointError } from './errors.js';
import { CHECKPOINT_FORMAT, METADATA } from './format.js';

/** The optimizer state as stored in the metadata: everything but the slot tensors. */
export interface StoredOptimizerState {
  readonly optimizer: string;
  readonly step: number;
  readonly config: OptimizerConfig;
  readonly parameterSteps: readonly number[];
}

/** Every metadata field, checked. */
export interface CheckpointMetadata {
  readonly step: number;
  readonly modelConfig: unknown;
  readonly optimizer: StoredOptimizerState | undefined;
  readonly schedule: unknown;
  readonly hasSchedule: boolean;
  readonly generators: Record<string, GeneratorState>;
  readonly extra: JsonObject;
}

const field = (key: string): string => `__metadata__.${key}`;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const isUint32 = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;

/** Parses and checks every field; throws a {@link CheckpointError} on the first bad one. */
export function readCheckpointMetadata(metadata: Readonly<Record<string, string>>): CheckpointMetadata {
  const text = (key: string): string | undefined => (Object.hasOwn(metadata, key) ? metadata[key] : undefined);
  const format = text(METADATA.format);
  if (format !== CHECKPOINT_FORMAT) {
    const hint = format === MODEL_FORMAT ? '; this is a model file (saveModel), load it with loadModel or loadModelFile' : ' (a file written by saveCheckpointFile)';
    throw new CheckpointError(field(METADATA.format), `must be '${CHECKPOINT_FORMAT}'${hint}, got ${JSON.stringify(format ?? null)}`);
  }
  const json = (key: string, required: boolean): unknown => {
    const value = text(key);
    if (value === undefined) {
      if (required) throw new CheckpointError(field(key), 'is missing');
      return undefined;
    }
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      throw new CheckpointError(field(key), 'is not valid JSON', { cause: error });
    }
  };
  const schedule = json(METADATA.schedule, false);
  return {
    step: readStep(text(METADATA.step)),
    modelConfig: json(METADATA.modelConfig, true),
    optimizer: readOptimizer(json(METADATA.optimizer, false)),
    schedule,
    hasSchedule: schedule !== undefined,
    generators: readGenerators(json(METADATA.generators, true)),
    extra: readExtra(json(METADATA.extra, true)),
  };
}

function readStep(value: string | undefined): number {
  if (value === undefined) throw new CheckpointError(field(METADATA.step), 'is missing');
  const step = /^(0|[1-9][0-9]*)$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(step)) throw new CheckpointError(field(METADATA.step), `must be a non-negative integer in decimal, got ${JSON.stringify(value)}`);
  return step;
}

function readOptimizer(value: unknown): StoredOptimizerState | undefined {
  if (value === undefined) return undefined;
  const key = field(METADATA.optimizer);
  if (!isObject(value)) throw new CheckpointError(key, 'must be a JSON object { optimizer, step, config, parameterSteps }');
  const { optimizer, step, config, parameterSteps } = value;
  if (typeof optimizer !== 'string' || optimizer === '') throw new CheckpointError(`${key}.optimizer`, `must be the optimizer's name, got ${JSON.stringify(optimizer ?? null)}`);
  if (!isCount(step)) throw new CheckpointError(`${key}.step`, `must be a non-negative integer, got ${JSON.stringify(step ?? null)}`);
  if (!isObject(config) || typeof config.lr !== 'number') throw new CheckpointError(`${key}.config`, 'must be a JSON object with a numeric lr');
  if (!Array.isArray(parameterSteps) || !parameterSteps.every(isCount)) {
    throw new CheckpointError(`${key}.parameterSteps`, 'must be an array of non-negative integers');
  }
  return { optimizer, step, config: config as unknown as OptimizerConfig, parameterSteps };
}

function readGenerators(value: unknown): Record<string, GeneratorState> {
  const key = field(METADATA.generators);
  if (!isObject(value)) throw new CheckpointError(key, 'must be a JSON object { name: { key, counter } }');
  const states: Record<string, GeneratorState> = {};
  for (const [name, state] of Object.entries(value)) {
    const path = `${key}.${name}`;
    if (!isObject(state)) throw new CheckpointError(path, 'must be a generator state { key, counter }');
    const { key: words, counter } = state;
    if (!Array.isArray(words) || words.length !== 2 || !isUint32(words[0]) || !isUint32(words[1])) {
      throw new CheckpointError(`${path}.key`, 'must be two unsigned 32-bit integers');
    }
    if (!isCount(counter)) throw new CheckpointError(`${path}.counter`, `must be a non-negative integer, got ${JSON.stringify(counter ?? null)}`);
    Object.defineProperty(states, name, { value: { key: [words[0], words[1]], counter }, enumerable: true, writable: true, configurable: true });
  }
  return states;
}

function readExtra(value: unknown): JsonObject {
  if (!isObject(value)) throw new CheckpointError(field(METADATA.extra), 'must be a JSON object');
  return value as JsonObject;
}
