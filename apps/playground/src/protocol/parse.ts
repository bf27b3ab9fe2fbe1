/**
 * Checking a page → worker message before the worker acts on it. `postMessage` carries whatever
 * the page built, so every field is checked here — its type, its range, the names it may take —
 * and a mistake is a {@link ProtocolError} naming the field, never a half-applied command.
 */
import { BACKEND_NAMES, CELL_NAMES, OPTIMIZER_NAMES, TASK_NAMES, type Settings } from '../settings.js';
import { boolean, integer, number, oneOf, record, string, stringOrNull, type Fields } from './fields.js';
import type { Command, CommandType } from './messages.js';
import { ProtocolError } from './protocol-error.js';

export { ProtocolError } from './protocol-error.js';

/** The bounds the page's form offers and the worker can train in a browser tab. */
export const LIMITS = {
  hidden: [1, 1024],
  layers: [1, 4],
  batchSize: [1, 256],
  seqLen: [2, 500],
  /** Characters sampled per `sample` command. */
  sampleLength: [1, 5000],
  /** Characters of an inspected text: one heatmap column each. */
  inspectLength: [1, 500],
  /** So the data stream's seed (seed + 1) and the validation one (seed + 2) stay exact integers. */
  seed: [0, Number.MAX_SAFE_INTEGER - 2],
} as const satisfies Record<string, readonly [number, number]>;

export const COMMAND_TYPES: readonly CommandType[] = ['configure', 'start', 'pause', 'reset', 'inspect', 'gradients', 'sample', 'stop-sample', 'save', 'load'];
const DIRECTIONS = ['forward', 'reverse'] as const;

/** The command `data` holds; throws a {@link ProtocolError} naming the first field that is wrong. */
export function parseCommand(data: unknown): Command {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ProtocolError('command', 'an object with a type', data);
  const type = oneOf((data as Fields).type, 'type', COMMAND_TYPES);
  switch (type) {
    case 'configure': {
      const fields = record(data, 'command', ['type', 'settings', 'assets']);
      return { type, settings: parseSettings(fields.settings, 'settings'), assets: string(fields.assets, 'assets', { minLength: 1 }) };
    }
    case 'start':
    case 'pause':
    case 'reset':
    case 'stop-sample':
    case 'save':
      record(data, 'command', ['type']);
      return { type };
    case 'inspect': {
      const fields = record(data, 'command', ['type', 'text', 'layer', 'direction']);
      return {
        type,
        text: stringOrNull(fields.text, 'text', lengths(LIMITS.inspectLength)),
        layer: integer(fields.layer, 'layer', 0, LIMITS.layers[1] - 1),
        direction: oneOf(fields.direction, 'direction', DIRECTIONS),
      };
    }
    case 'gradients': {
      const fields = record(data, 'command', ['type', 'text']);
      return { type, text: stringOrNull(fields.text, 'text', lengths(LIMITS.inspectLength)) };
    }
    case 'sample': {
      const fields = record(data, 'command', ['type', 'prime', 'temperature', 'length']);
      return {
        type,
        prime: string(fields.prime, 'prime', { maxLength: LIMITS.sampleLength[1] }),
        temperature: number(fields.temperature, 'temperature', { min: 0, exclusive: true }),
        length: integer(fields.length, 'length', ...LIMITS.sampleLength),
      };
    }
    case 'load': {
      const fields = record(data, 'command', ['type', 'bytes', 'fileName']);
      if (!(fields.bytes instanceof Uint8Array)) throw new ProtocolError('bytes', 'a Uint8Array (the file’s contents)', fields.bytes);
      return { type, bytes: fields.bytes, fileName: string(fields.fileName, 'fileName') };
    }
  }
}

/** Settings as the page's form and a saved model's `extra.playground` hold them. */
export function parseSettings(value: unknown, path: string): Settings {
  const settings = record(value, path, ['task', 'model', 'training', 'backend']);
  const task = record(settings.task, `${path}.task`, ['name', 'text', 'seqLen']);
  const model = record(settings.model, `${path}.model`, ['cell', 'layers', 'hidden', 'blockSize', 'bidirectional', 'dropout']);
  const training = record(settings.training, `${path}.training`, ['optimizer', 'learningRate', 'clip', 'batchSize', 'seed']);
  const hidden = integer(model.hidden, `${path}.model.hidden`, ...LIMITS.hidden);
  const blockSize = integer(model.blockSize, `${path}.model.blockSize`, 1, hidden);
  if (hidden % blockSize !== 0) throw new ProtocolError(`${path}.model.blockSize`, `a divisor of settings.model.hidden (${hidden})`, blockSize);
  return {
    task: {
      name: oneOf(task.name, `${path}.task.name`, TASK_NAMES),
      text: stringOrNull(task.text, `${path}.task.text`, { minLength: 1 }),
      seqLen: integer(task.seqLen, `${path}.task.seqLen`, ...LIMITS.seqLen),
    },
    model: {
      cell: oneOf(model.cell, `${path}.model.cell`, CELL_NAMES),
      layers: integer(model.layers, `${path}.model.layers`, ...LIMITS.layers),
      hidden,
      blockSize,
      bidirectional: boolean(model.bidirectional, `${path}.model.bidirectional`),
      dropout: number(model.dropout, `${path}.model.dropout`, { min: 0, exclusive: false, below: 1 }),
    },
    training: {
      optimizer: oneOf(training.optimizer, `${path}.training.optimizer`, OPTIMIZER_NAMES),
      learningRate: number(training.learningRate, `${path}.training.learningRate`, { min: 0, exclusive: true }),
      clip: number(training.clip, `${path}.training.clip`, { min: 0, exclusive: false }),
      batchSize: integer(training.batchSize, `${path}.training.batchSize`, ...LIMITS.batchSize),
      seed: integer(training.seed, `${path}.training.seed`, ...LIMITS.seed),
    },
    backend: oneOf(settings.backend, `${path}.backend`, BACKEND_NAMES),
  };
}

const lengths = ([minLength, maxLength]: readonly [number, number]): { minLength: number; maxLength: number } => ({ minLength, maxLength });
