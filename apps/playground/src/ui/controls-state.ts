/**
 * The settings form as plain data, and the one conversion between it and `Settings`. Kept free of
 * the DOM so every rule the form enforces (bounds, block size dividing hidden, no bidirectional
 * char-LM) is a tested function, and the messages a person reads are the ones tested.
 */
import { LIMITS } from '../protocol/parse.js';
import { BACKEND_NAMES, CELL_NAMES, OPTIMIZER_NAMES, TASK_NAMES, type Settings } from '../settings.js';
import { isLstmFamily } from './cell-labels.js';

/** What the form's fields hold: text as typed, checkboxes as booleans. */
export interface ControlsState {
  readonly task: string;
  /** char-lm's training text; blank: the bundled tiny-shakespeare. */
  readonly text: string;
  readonly seqLen: string;
  readonly cell: string;
  readonly layers: string;
  readonly hidden: string;
  readonly blockSize: string;
  readonly bidirectional: boolean;
  readonly dropout: string;
  readonly optimizer: string;
  readonly learningRate: string;
  readonly clip: string;
  readonly batchSize: string;
  readonly seed: string;
  readonly backend: string;
}

export type ControlName = keyof ControlsState;

/** One message per field that is wrong, shown beside that field. */
export type ControlErrors = Partial<Record<ControlName, string>>;

export type ControlsReading = { readonly ok: true; readonly settings: Settings } | { readonly ok: false; readonly errors: ControlErrors };

/** The settings the form describes, or what is wrong with each field. */
export function settingsFromControls(state: ControlsState): ControlsReading {
  const read = new FieldReader(state);
  const task = read.choice('task', TASK_NAMES);
  const cell = read.choice('cell', CELL_NAMES);
  const hidden = read.integer('hidden', LIMITS.hidden);
  const blockSize = isLstmFamily(cell) ? read.integer('blockSize', [1, LIMITS.hidden[1]]) : 1;
  if (Number.isInteger(hidden) && Number.isInteger(blockSize) && hidden % blockSize !== 0) {
    read.fail('blockSize', `Must divide the hidden size (${hidden}).`);
  }
  const isCharLm = task === 'char-lm';
  const settings: Settings = {
    task: { name: task, text: isCharLm && state.text.trim() !== '' ? state.text : null, seqLen: read.integer('seqLen', LIMITS.seqLen) },
    model: {
      cell,
      layers: read.integer('layers', LIMITS.layers),
      hidden,
      blockSize,
      // The reverse direction would read the very character the char-LM is asked to predict.
      bidirectional: !isCharLm && state.bidirectional,
      dropout: read.number('dropout', (x) => x >= 0 && x < 1, 'A number from 0 up to (not including) 1.'),
    },
    training: {
      optimizer: read.choice('optimizer', OPTIMIZER_NAMES),
      learningRate: read.number('learningRate', (x) => x > 0, 'A number above 0, e.g. 0.003.'),
      clip: read.number('clip', (x) => x >= 0, 'A number ≥ 0 (0 turns clipping off).'),
      batchSize: read.integer('batchSize', LIMITS.batchSize),
      seed: read.integer('seed', LIMITS.seed),
    },
    backend: read.choice('backend', BACKEND_NAMES),
  };
  return Object.keys(read.errors).length === 0 ? { ok: true, settings } : { ok: false, errors: read.errors };
}

/** The form showing `settings` (a loaded model's, or the defaults). */
export function controlsFromSettings({ task, model, training, backend }: Settings): ControlsState {
  return {
    task: task.name,
    text: task.text ?? '',
    seqLen: String(task.seqLen),
    cell: model.cell,
    layers: String(model.layers),
    hidden: String(model.hidden),
    blockSize: String(model.blockSize),
    bidirectional: model.bidirectional,
    dropout: String(model.dropout),
    optimizer: training.optimizer,
    learningRate: String(training.learningRate),
    clip: String(training.clip),
    batchSize: String(training.batchSize),
    seed: String(training.seed),
    backend,
  };
}

/** Reads fields one by one, noting the first thing wrong with each instead of stopping. */
class FieldReader {
  readonly errors: ControlErrors = {};

  constructor(private readonly state: ControlsState) {}

  fail(name: ControlName, message: string): void {
    this.errors[name] ??= message;
  }

  choice<T extends string>(name: ControlName, names: readonly T[]): T {
    const value = String(this.state[name]);
    if ((names as readonly string[]).includes(value)) return value as T;
    this.fail(name, `Pick one of: ${names.join(', ')}.`);
    return names[0]!;
  }

  integer(name: ControlName, [min, max]: readonly [number, number]): number {
    const value = this.parse(name);
    if (!Number.isInteger(value) || value < min || value > max) this.fail(name, `A whole number from ${min} to ${max}.`);
    return value;
  }

  number(name: ControlName, isValid: (value: number) => boolean, message: string): number {
    const value = this.parse(name);
    if (!Number.isFinite(value) || !isValid(value)) this.fail(name, message);
    return value;
  }

  /** `Number('')` is 0, so a blank field must be caught before it reads as a valid zero. */
  private parse(name: ControlName): number {
    const raw = String(this.state[name]).trim();
    return raw === '' ? Number.NaN : Number(raw);
  }
}
