/**
 * What a person picks in the playground: the task, the model, the training and the backend.
 * The page's form produces a `Settings`; the worker builds everything from it; a saved model
 * carries it (`extra.playground`) so loading restores the form.
 */
import { CELL_NAMES, type CellName } from '@rnn/layers';

export const TASK_NAMES = ['char-lm', 'adding', 'sine', 'parity'] as const;
/**
 * - `char-lm`: next-character prediction on tiny-shakespeare or the person's own text;
 * - `adding`: the adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015), the sum of
 *   two marked values read at the last step;
 * - `sine`: one-step forecasting of a noisy sum of two sines, at every step;
 * - `parity`: sequence classification, the count of ones modulo 2 of a bit string.
 */
export type TaskName = (typeof TASK_NAMES)[number];

export const OPTIMIZER_NAMES = ['adam', 'rmsprop', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export const BACKEND_NAMES = ['wasm', 'webgpu', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export { CELL_NAMES, type CellName };

export interface TaskSettings {
  readonly name: TaskName;
  /** char-lm: the training text; null: the bundled tiny-shakespeare. */
  readonly text: string | null;
  /** Steps per training sequence (char-lm: characters; adding/sine/parity: time steps). */
  readonly seqLen: number;
}

export interface ModelSettings {
  readonly cell: CellName;
  readonly layers: number;
  readonly hidden: number;
  /** LSTM cells per memory block (1: the usual LSTM); must divide `hidden`. */
  readonly blockSize: number;
  /** Refused for char-lm: the reverse direction would see the character to predict. */
  readonly bidirectional: boolean;
  /** Dropout between stacked layers and before the output layer. */
  readonly dropout: number;
}

export interface TrainingSettings {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** Global gradient-norm clipping; 0: off. */
  readonly clip: number;
  readonly batchSize: number;
  /** Seeds the weights, the dropout masks and the data. */
  readonly seed: number;
}

export interface Settings {
  readonly task: TaskSettings;
  readonly model: ModelSettings;
  readonly training: TrainingSettings;
  readonly backend: BackendName;
}

/** What the page starts with: a small LSTM char-LM on the wasm backend. */
export const DEFAULT_SETTINGS: Settings = {
  task: { name: 'char-lm', text: null, seqLen: 50 },
  model: { cell: 'lstm', layers: 1, hidden: 128, blockSize: 1, bidirectional: false, dropout: 0 },
  training: { optimizer: 'adam', learningRate: 3e-3, clip: 5, batchSize: 32, seed: 1 },
  backend: 'wasm',
};
