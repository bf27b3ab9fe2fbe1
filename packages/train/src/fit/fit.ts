/**
 * `fit`: the training loop every model needs — draw a batch, take the loss's gradients, check
 * them, clip them, step the optimizer, report, validate, repeat — with callbacks for the rest.
 */
import { ArgumentError, dispose, keep, readAll, scope, stopGradient, Tensor, tidy, variableGrads, type Variable } from '@rnn/tensor';
import { clipGradNorm } from '../clipping/clip-grad-norm.js';
import { clipGradValue } from '../clipping/clip-grad-value.js';
import { readGlobalNorm } from '../clipping/global-norm.js';
import { batchStream } from './batch-stream.js';
import { NonFiniteError } from './errors.js';
import type { Callback, FitOptions, FitResult, StepLogs, StepLoss, TrainingContext, ValidationLogs } from './types.js';

/**
 * Trains `model` with `optimizer` until `steps` optimizer steps (or `epochs` passes over an
 * iterable `data`) are done, a callback calls `context.stop(reason)`, or `signal` aborts.
 * Each step runs in its own memory scope — the batch drawn from a sampler or iterable, the
 * forward pass, the gradients — so handles stay flat however long it trains.
 *
 * Validation runs every `validation.every` steps and after the last step, in eval mode (dropout
 * off); the model is back in training mode afterwards.
 *
 * @example
 * const result = await fit({
 *   model, optimizer: new Adam(model.parameters(), { lr: 2e-3 }),
 *   data: sampler, // { next(): batch }
 *   loss: (batch) => crossEntropy(model.forward(batch.x), batch.y),
 *   steps: 2000, clipNorm: 5,
 *   validation: { every: 500, evaluate: () => ({ loss: validationLoss(model) }) },
 *   callbacks: [earlyStopping({ monitor: 'loss', patience: 3 })],
 * });
 */
export async function fit<B>(options: FitOptions<B>): Promise<FitResult> {
  const { model, optimizer, callbacks = [], validation, signal, checkFinite = true } = options;
  const initialStep = options.initialStep ?? 0;
  const steps = options.steps ?? Infinity;
  checkOptions(options, initialStep, steps);
  const epochs = options.epochs ?? (options.steps === undefined ? 1 : Infinity);
  const names = parameterNames(options);
  const batches = batchStream(options.data, epochs);
  const history: StepLogs[] = [];
  const validations: ValidationLogs[] = [];
  let step = initialStep;
  let stopReason: string | undefined;
  const context: TrainingContext = {
    model,
    optimizer,
    get step() {
      return step;
    },
    get epoch() {
      return batches.epoch;
    },
    history,
    validations,
    stop(reason) {
      stopReason ??= reason;
    },
  };
  const started = performance.now();
  let lastValidatedStep = -1;
  const validate = async (): Promise<void> => {
    if (validation === undefined || lastValidatedStep === step) return;
    lastValidatedStep = step;
    const wasTraining = model.training;
    model.eval();
    let metrics: Readonly<Record<string, number>>;
    try {
      metrics = await validation.evaluate(context);
    } finally {
      model.train(wasTraining);
    }
    const logs: ValidationLogs = { step, metrics: { ...metrics } };
    validations.push(logs);
    await each(callbacks, (c) => c.onValidationEnd?.(logs, context));
  };

  model.train();
  await each(callbacks, (c) => c.onTrainBegin?.(context));
  while (step < steps && stopReason === undefined) {
    if (signal?.aborted === true) {
      stopReason = 'aborted';
      break;
    }
    const stepStarted = performance.now();
    const lr = optimizer.lr;
    // The step's scope frees what the step makes, the batch a sampler draws included; batches
    // the caller made before `fit` (an array of tensors) are the caller's.
    const stepScope = scope();
    let outcome: StepOutcome | undefined;
    let items: number | undefined;
    try {
      const batch = batches.next();
      if (batch === undefined) break;
      items = options.itemsPerBatch?.(batch);
      outcome = await trainStep(options, batch, context, step + 1, names, checkFinite);
    } finally {
      stepScope.dispose();
    }
    const { loss, gradNorm, metrics } = outcome;
    step++;
    const now = performance.now();
    const logs: StepLogs = {
      step,
      epoch: batches.epoch,
      loss,
      gradNorm,
      lr,
      seconds: (now - started) / 1000,
      ...(items === undefined ? {} : { itemsPerSecond: items / Math.max((now - stepStarted) / 1000, 1e-9) }),
      metrics,
    };
    history.push(logs);
    await each(callbacks, (c) => c.onStepEnd?.(logs, context));
    if (validation !== undefined && step % validation.every === 0) await validate();
    // Let signal handlers (Ctrl-C) and timers run between steps, which are otherwise synchronous.
    if (signal !== undefined) await yieldToEventLoop();
  }
  if (signal?.aborted === true) stopReason ??= 'aborted';
  if (stopReason === undefined && step > initialStep) await validate();
  const result: FitResult = { step, history, validations, stopReason };
  await each(callbacks, (c) => c.onTrainEnd?.(result, context));
  return result;
}

interface StepOutcome {
  readonly loss: number;
  readonly gradNorm: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** One optimizer step on one batch; all its tensors are freed before it returns. */
async function trainStep<B>(
  options: FitOptions<B>,
  batch: B,
  context: TrainingContext,
  step: number,
  names: ReadonlyMap<Variable, string>,
  checkFinite: boolean,
): Promise<StepOutcome> {
  const { optimizer } = options;
  let metricTensors: Readonly<Record<string, Tensor>> = {};
  const { value, grads } = variableGrads(() => {
    const out: StepLoss = options.loss(batch, context);
    if (!(out instanceof Tensor)) {
      // Detached copies outlive the gradient scope; the originals are the tape's.
      metricTensors = Object.fromEntries(Object.entries(out.metrics ?? {}).map(([k, t]) => [k, keep(stopGradient(t))]));
      return out.loss;
    }
    return out;
  }, optimizer.params);
  try {
    if (value.size !== 1) throw new ArgumentError('fit', 'loss', `must return a scalar, got shape [${value.shape.join(', ')}]`);
    // The loss and the metrics in one read, the gradient norm in a second: two round trips on a GPU.
    const metricNames = Object.keys(metricTensors);
    const [lossValue, ...metricValues] = await readAll([value, ...metricNames.map((name) => metricTensors[name]!)]);
    const loss = lossValue![0]!;
    if (checkFinite && !Number.isFinite(loss)) throw new NonFiniteError(step, 'loss', `is ${loss}`);
    const metrics: Record<string, number> = Object.fromEntries(metricNames.map((name, i) => [name, metricValues[i]![0]!]));
    const norm = await readGlobalNorm(grads);
    if (checkFinite && !Number.isFinite(norm)) throw await nonFiniteGradient(step, grads, names);
    tidy(() => {
      let update: ReadonlyMap<Variable, Tensor> = grads;
      if (options.clipNorm !== undefined) update = clipGradNorm(update, options.clipNorm, norm).grads;
      if (options.clipValue !== undefined) update = clipGradValue(update, options.clipValue);
      optimizer.step(update);
    });
    return { loss, gradNorm: norm, metrics };
  } finally {
    dispose([value, ...grads.values(), ...Object.values(metricTensors)]);
  }
}

/** Names the first parameter whose gradient holds a NaN or ±Infinity. */
async function nonFiniteGradient(step: number, grads: ReadonlyMap<Variable, Tensor>, names: ReadonlyMap<Variable, string>): Promise<NonFiniteError> {
  const all = await readAll([...grads.values()]);
  for (const [k, v] of [...grads.keys()].entries()) {
    const values = all[k]!;
    let bad = 0;
    let first = 0;
    for (const x of values) if (!Number.isFinite(x)) first = bad++ === 0 ? x : first;
    if (bad > 0) {
      return new NonFiniteError(step, `gradient of '${names.get(v) ?? v.name}'`, `holds ${first} (${bad} of ${values.length} elements are not finite)`);
    }
  }
  return new NonFiniteError(step, 'gradient norm', 'is not finite');
}

function parameterNames<B>({ model, optimizer }: FitOptions<B>): Map<Variable, string> {
  const names = new Map<Variable, string>();
  for (const [name, v] of model.namedParameters()) names.set(v, name);
  for (const v of optimizer.params) if (!names.has(v)) names.set(v, v.name);
  return names;
}

function checkOptions<B>(options: FitOptions<B>, initialStep: number, steps: number): void {
  const positive = (name: string, value: number | undefined): void => {
    if (value !== undefined && !(Number.isInteger(value) && value > 0) && value !== Infinity) {
      throw new ArgumentError('fit', name, `must be a positive integer, got ${value}`);
    }
  };
  positive('steps', options.steps);
  positive('epochs', options.epochs);
  positive('validation.every', options.validation?.every);
  if (!(Number.isInteger(initialStep) && initialStep >= 0)) throw new ArgumentError('fit', 'initialStep', `must be an integer ≥ 0, got ${initialStep}`);
  if (initialStep > steps) throw new ArgumentError('fit', 'initialStep', `(${initialStep}) is past steps (${steps}): the run is already complete`);
  const sampler = typeof options.data === 'object' && !(Symbol.iterator in options.data);
  if (sampler && options.steps === undefined) {
    throw new ArgumentError('fit', 'steps', 'is required when data is a sampler (an object with next()), which never runs out');
  }
  for (const [name, value] of [['clipNorm', options.clipNorm], ['clipValue', options.clipValue]] as const) {
    if (value !== undefined && !(value > 0)) throw new ArgumentError('fit', name, `must be a positive number, got ${value}`);
  }
}

async function each(callbacks: readonly Callback[], call: (callback: Callback) => unknown): Promise<void> {
  for (const callback of callbacks) await call(callback);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
