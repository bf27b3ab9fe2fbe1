/** The shapes `fit` works with: where batches come from, what each step reports, callbacks. */
import type { Tensor } from '@rnn/tensor';
import type { Module } from '@rnn/layers';
import type { Optimizer } from '../optimizers/optimizer.js';

/**
 * Where batches come from: a sampler with `next()` that never runs dry (random chunks of a
 * corpus), an iterable that is one epoch, or a function returning a fresh iterable per epoch.
 */
export type BatchSource<B> = { next(): B } | Iterable<B> | (() => Iterable<B>);

/** What a step's loss function returns: the scalar loss, or it with extra scalar metrics. */
export type StepLoss = Tensor | { readonly loss: Tensor; readonly metrics?: Readonly<Record<string, Tensor>> };

export interface FitOptions<B> {
  /** The model whose parameters train; its parameter names appear in non-finite errors. */
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly data: BatchSource<B>;
  /** The scalar training loss of one batch; runs under `variableGrads`, inside a `tidy`. */
  readonly loss: (batch: B, context: TrainingContext) => StepLoss;
  /** Stop after this many optimizer steps in total (counting `initialStep`). */
  readonly steps?: number;
  /** Stop after this many passes over an iterable `data` (ignored for a sampler). */
  readonly epochs?: number;
  /** Clip the gradients' global L2 norm to this value (`clipGradNorm`). */
  readonly clipNorm?: number;
  /** Clip each gradient element to [−v, v] (`clipGradValue`), after norm clipping. */
  readonly clipValue?: number;
  /** Run `evaluate` every `every` steps and at the end; its numbers go to the callbacks. */
  readonly validation?: {
    readonly every: number;
    readonly evaluate: (context: TrainingContext) => Readonly<Record<string, number>> | Promise<Readonly<Record<string, number>>>;
  };
  readonly callbacks?: readonly Callback[];
  /** Steps already taken (a resumed run); step numbers continue from it. */
  readonly initialStep?: number;
  /** Items (tokens, samples) in a batch, for the throughput figure. */
  readonly itemsPerBatch?: (batch: B) => number;
  /** Stops cleanly after the current step when aborted (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Throw a NonFiniteError when the loss or a gradient is NaN or ±Infinity (default true). */
  readonly checkFinite?: boolean;
}

/** What one optimizer step reports. */
export interface StepLogs {
  /** The step just taken, 1-based and global (continuing `initialStep`). */
  readonly step: number;
  /** Passes completed over an iterable `data` (0 for a sampler). */
  readonly epoch: number;
  readonly loss: number;
  /** The gradients' global L2 norm before clipping. */
  readonly gradNorm: number;
  /** The learning rate this step used. */
  readonly lr: number;
  /** Seconds since `fit` started. */
  readonly seconds: number;
  /** Items per second over this step, when `itemsPerBatch` is given. */
  readonly itemsPerSecond?: number;
  /** The extra metrics the loss function returned, as numbers. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** One validation run: the step it followed and the numbers `evaluate` returned. */
export interface ValidationLogs {
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** What `fit` returns. */
export interface FitResult {
  /** The global step reached. */
  readonly step: number;
  readonly history: readonly StepLogs[];
  readonly validations: readonly ValidationLogs[];
  /** Why training stopped early (a callback's reason, 'aborted'), or undefined when it ran its course. */
  readonly stopReason: string | undefined;
}

/** Shared with every callback and with the loss function. */
export interface TrainingContext {
  readonly model: Module;
  readonly optimizer: Optimizer;
  /** The global step: the last one completed (inside `loss`, the one before the current). */
  readonly step: number;
  readonly epoch: number;
  readonly history: readonly StepLogs[];
  readonly validations: readonly ValidationLogs[];
  /** Asks `fit` to stop after the current step; the first reason given is kept. */
  stop(reason: string): void;
}

/** Hooks into `fit`; any may be async (`fit` awaits it). */
export interface Callback {
  onTrainBegin?(context: TrainingContext): void | Promise<void>;
  onStepEnd?(logs: StepLogs, context: TrainingContext): void | Promise<void>;
  onValidationEnd?(logs: ValidationLogs, context: TrainingContext): void | Promise<void>;
  onTrainEnd?(result: FitResult, context: TrainingContext): void | Promise<void>;
}
