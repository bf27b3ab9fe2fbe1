/**
 * The messages between the page and the training worker. The page sends `Command`s; the worker
 * answers with `WorkerEvent`s. Every message is structured-clone data (typed arrays are
 * transferred where noted), and the worker checks each command with `parseCommand` before acting,
 * so a malformed message is an `error` event naming the field rather than a broken session.
 */
import type { BackendName, Settings } from '../settings.js';

/** Page → worker. */
export type Command =
  /**
   * Build the backend (when it changes), the data and a fresh model; training is paused.
   * `assets` is the absolute URL of the folder holding `wasm/` and `data/` (the page's own
   * folder: a module worker's `self.location` is its script's, which differs in dev and build).
   */
  | { readonly type: 'configure'; readonly settings: Settings; readonly assets: string }
  | { readonly type: 'start' }
  | { readonly type: 'pause' }
  /** A fresh model (same settings, same seed), step 0. */
  | { readonly type: 'reset' }
  /**
   * Record states and gates over time for one input: char-lm takes `text` (null: a validation
   * excerpt); the other tasks draw a validation example. `layer`/`direction` pick the recurrent
   * layer shown.
   */
  | { readonly type: 'inspect'; readonly text: string | null; readonly layer: number; readonly direction: 'forward' | 'reverse' }
  /** ∂L/∂h_t at every step for the same input, the current model beside a fresh tanh RNN and LSTM. */
  | { readonly type: 'gradients'; readonly text: string | null }
  /** char-lm: stream `length` characters after `prime` at `temperature` (one `sample-token` each). */
  | { readonly type: 'sample'; readonly prime: string; readonly temperature: number; readonly length: number }
  | { readonly type: 'stop-sample' }
  /** Encode the model as a checkpoint file (the CLI's format): answered by `saved`. */
  | { readonly type: 'save' }
  /** Open a checkpoint file (from the playground or from `rnn train`): answered by `loaded`. */
  | { readonly type: 'load'; readonly bytes: Uint8Array; readonly fileName: string };

export type CommandType = Command['type'];

/** One optimizer step's figures. */
export interface TrainingPoint {
  readonly step: number;
  readonly loss: number;
  /** The global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Steps per second over the recent steps. */
  readonly stepsPerSecond: number;
}

/** What runs: the backend and, for each thing that could not be had, the reason. */
export interface BackendReport {
  readonly name: BackendName;
  /** e.g. "wasm relaxed-simd, 2 threads" or the WebGPU adapter's description. */
  readonly detail: string;
  readonly threads: number;
  /** Plain sentences, e.g. "No SharedArrayBuffer (page not cross-origin isolated): wasm runs on one thread." */
  readonly notes: readonly string[];
}

/** One heatmap: `rows` units × `cols` time steps, row-major (`values[row * cols + col]`). */
export interface ActivationMap {
  /** 'h', 'c', or a gate: 'input_gate', 'forget_gate', 'candidate', 'output_gate', 'reset_gate', 'update_gate', … */
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly values: Float32Array;
  /** The activation's natural range, for the colour scale: [0, 1] for gates, [−1, 1] for tanh. */
  readonly range: readonly [number, number];
}

/** ∂L/∂h_t's norm at every step t of one model, L being the loss at the last step. */
export interface GradientCurve {
  /** The model trained in this session, or a fresh reference model. */
  readonly kind: 'model' | 'reference';
  /** e.g. "lstm, step 300" (the model), "tanh RNN at init", "LSTM at init". */
  readonly label: string;
  readonly norms: Float64Array;
}

/** Worker → page. */
export type WorkerEvent =
  | { readonly type: 'configured'; readonly settings: Settings; readonly backend: BackendReport; readonly parameters: number; readonly step: number }
  | { readonly type: 'status'; readonly state: 'paused' | 'running' }
  /** Training figures, batched (a few messages a second, not one per step). */
  | { readonly type: 'progress'; readonly points: readonly TrainingPoint[] }
  | { readonly type: 'validation'; readonly step: number; readonly loss: number }
  | {
      readonly type: 'inspection';
      readonly step: number;
      readonly layer: number;
      readonly direction: 'forward' | 'reverse';
      /** One label per time step (the input characters, or the step numbers). */
      readonly labels: readonly string[];
      readonly maps: readonly ActivationMap[];
    }
  | { readonly type: 'gradients'; readonly labels: readonly string[]; readonly curves: readonly GradientCurve[] }
  | { readonly type: 'sample-token'; readonly text: string }
  | { readonly type: 'sample-end' }
  /** `bytes` is transferred. */
  | { readonly type: 'saved'; readonly bytes: Uint8Array; readonly fileName: string }
  | {
      readonly type: 'loaded';
      readonly fileName: string;
      readonly settings: Settings;
      readonly backend: BackendReport;
      readonly parameters: number;
      readonly step: number;
    }
  /** A command that failed: the message says what was wrong; nothing changed. */
  | { readonly type: 'error'; readonly command: CommandType | 'unknown'; readonly message: string };

export type WorkerEventType = WorkerEvent['type'];
