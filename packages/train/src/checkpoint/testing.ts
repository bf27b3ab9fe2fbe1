/** Test support: a small recurrent training run whose every source of randomness is a named Generator. */
import { dispose, Generator, normal, tidy, variableGrads, type Tensor } from '@rnn/tensor';
import { Dense, Dropout, LSTM, Sequential, type Module } from '@rnn/layers';
import { clipGradNorm } from '../clipping/index.js';
import { mseLoss } from '../losses/index.js';
import { Adam } from '../optimizers/index.js';
import { CosineWithWarmup } from '../schedules/index.js';

export const TOTAL_STEPS = 8;

/** An LSTM with dropout and a linear head, trained with Adam under a warmup-then-cosine schedule. */
export interface TrainingRun {
  readonly model: Sequential;
  readonly optimizer: Adam;
  readonly schedule: CosineWithWarmup;
  /** `model` draws initial weights and dropout masks, `data` draws the batches. */
  readonly generators: { readonly model: Generator; readonly data: Generator };
}

/** Hyperparameters that a resumed run must get back from the checkpoint, not from its constructor. */
export function newOptimizer(model: Sequential, lr = 1e-2): { optimizer: Adam; schedule: CosineWithWarmup } {
  const optimizer = new Adam(model.parameters(), { lr, betas: [0.8, 0.99] });
  return { optimizer, schedule: new CosineWithWarmup(optimizer, { warmupSteps: 2, totalSteps: TOTAL_STEPS }) };
}

export function newModel(generator: Generator): Sequential {
  return new Sequential([
    new LSTM({ inputSize: 2, hiddenSize: 4, generator }),
    new Dropout({ rate: 0.25, generator }),
    new Dense({ inFeatures: 4, outFeatures: 1, generator }),
  ]);
}

export function newRun(seed: number): TrainingRun {
  const generators = { model: new Generator(seed), data: new Generator(seed + 1) };
  const model = newModel(generators.model);
  return { model, ...newOptimizer(model), generators };
}

/** `steps` training steps: a fresh random batch each, clipped gradients, then the schedule. */
export function train(run: TrainingRun, steps: number): void {
  for (let i = 0; i < steps; i++) {
    tidy(() => {
      const x = normal([5, 3, 2], { generator: run.generators.data });
      const target = normal([5, 3, 1], { generator: run.generators.data });
      const { grads } = variableGrads(() => mseLoss(run.model.forward(x), target));
      const { grads: clipped } = clipGradNorm(grads, 0.5);
      run.optimizer.step(clipped);
      run.schedule.step();
      dispose([...clipped.values()]);
    });
  }
}

/** A tensor's exact bits, for bitwise comparison (NaN payloads and −0 included). */
export function bitsOf(t: Tensor): Uint8Array {
  const data = t.dataSync();
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

/** The model of a decoded test checkpoint, with its type checked. */
export function sequentialOf(model: Module): Sequential {
  if (!(model instanceof Sequential)) throw new Error(`expected a Sequential, got ${model.toConfig().type}`);
  return model;
}

export function disposeRun(run: TrainingRun): void {
  run.optimizer.dispose();
  run.model.dispose();
}
