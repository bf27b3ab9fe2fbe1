import { beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend, div, fromArray, Generator, mul, normal, numHandles, setBackend, sqrt, sub, sum, type Tensor } from '@rnn/tensor';
import { Dense, Dropout, Sequential } from '@rnn/layers';
import { globalNorm } from '../clipping/global-norm.js';
import { mseLoss } from '../losses/mse-loss.js';
import { Adam } from '../optimizers/adam.js';
import { SGD } from '../optimizers/sgd.js';
import { ReduceLROnPlateau } from '../schedules/reduce-lr-on-plateau.js';
import { StepLR } from '../schedules/step-lr.js';
import { checkpointEvery } from './callbacks/checkpoint-every.js';
import { earlyStopping } from './callbacks/early-stopping.js';
import { learningRateSchedule } from './callbacks/learning-rate-schedule.js';
import { formatStep, progressLogger } from './callbacks/progress-logger.js';
import { NonFiniteError } from './errors.js';
import { fit } from './fit.js';
import type { StepLogs } from './types.js';

beforeAll(() => setBackend(createCpuBackend()));

interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** y = 3·x₀ − 2·x₁ + 1, which one Dense layer learns exactly. */
function regression(seed: number) {
  const model = new Dense({ inFeatures: 2, outFeatures: 1, generator: new Generator(seed) });
  const data = new Generator(seed + 1);
  const sampler = {
    next(): Batch {
      const x = normal([16, 2], { generator: data });
      const a = x.dataSync();
      const y = fromArray(Array.from({ length: 16 }, (_, i) => [3 * a[2 * i]! - 2 * a[2 * i + 1]! + 1]));
      return { x, y };
    },
  };
  const loss = (batch: Batch): Tensor => mseLoss(model.forward(batch.x), batch.y);
  return { model, sampler, loss };
}

describe('fit', () => {
  it('trains until `steps` and reports every step with a falling loss', async () => {
    const { model, sampler, loss } = regression(0);
    const result = await fit({ model, optimizer: new Adam(model.parameters(), { lr: 0.05 }), data: sampler, loss, steps: 300 });
    expect(result.step).toBe(300);
    expect(result.history.map((h) => h.step)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(result.history[299]!.loss).toBeLessThan(result.history[0]!.loss / 100);
    expect(result.stopReason).toBeUndefined();
  });

  it('frees every tensor a step makes, so handles stay flat', async () => {
    const { model, sampler, loss } = regression(1);
    const optimizer = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    await fit({ model, optimizer, data: sampler, loss, steps: 2 });
    const before = numHandles();
    await fit({ model, optimizer, data: sampler, loss, steps: 50, initialStep: 2, validation: { every: 10, evaluate: () => ({ loss: 0 }) } });
    expect(numHandles()).toBe(before);
  });

  it('continues step numbers from initialStep and stops at steps', async () => {
    const { model, sampler, loss } = regression(2);
    const result = await fit({ model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 10, initialStep: 7 });
    expect(result.history.map((h) => h.step)).toEqual([8, 9, 10]);
    await expect(fit({ model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 5, initialStep: 7 })).rejects.toThrow(/initialStep/);
  });

  it('walks an iterable `epochs` times and counts epochs', async () => {
    const { model, sampler, loss } = regression(3);
    const epoch = [sampler.next(), sampler.next(), sampler.next()];
    const result = await fit({ model, optimizer: new Adam(model.parameters()), data: epoch, loss, epochs: 4 });
    expect(result.step).toBe(12);
    expect(result.history.map((h) => h.epoch)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it('ends on a source that yields nothing instead of spinning', async () => {
    const { model, loss } = regression(4);
    const result = await fit({ model, optimizer: new Adam(model.parameters()), data: () => [], loss, epochs: 1_000_000 });
    expect(result.step).toBe(0);
  });

  it('refuses a sampler without steps, and bad numbers, naming the option', async () => {
    const { model, sampler, loss } = regression(5);
    const optimizer = new Adam(model.parameters());
    await expect(fit({ model, optimizer, data: sampler, loss })).rejects.toThrow(/steps.*sampler/);
    await expect(fit({ model, optimizer, data: sampler, loss, steps: 1.5 })).rejects.toThrow(/steps/);
    await expect(fit({ model, optimizer, data: sampler, loss, steps: 3, clipNorm: 0 })).rejects.toThrow(/clipNorm/);
  });

  it('reports the gradient norm before clipping and clips the update', async () => {
    const { model, sampler, loss } = regression(6);
    const batch = sampler.next();
    const { variableGrads } = await import('@rnn/tensor');
    const { grads } = variableGrads(() => loss(batch), model.parameters());
    const expected = globalNorm(grads);
    const before = [...model.weight.dataSync(), ...model.bias!.dataSync()];
    const result = await fit({ model, optimizer: new SGD(model.parameters(), { lr: 1 }), data: [batch], loss, epochs: 1, clipNorm: 1e-3 });
    expect(result.history[0]!.gradNorm).toBeCloseTo(expected, 5);
    const after = [...model.weight.dataSync(), ...model.bias!.dataSync()];
    const moved = Math.hypot(...after.map((w, i) => w - before[i]!));
    expect(expected).toBeGreaterThan(1);
    expect(moved).toBeLessThan(1); // an unclipped SGD step of lr 1 would move by the norm itself
  });

  it('stops on a NaN loss naming the step and the loss, without updating', async () => {
    const { model, sampler, loss } = regression(7);
    const weights = model.weight.dataSync().slice();
    const run = fit({ model, optimizer: new Adam(model.parameters()), data: sampler, loss: (b, c) => (c.step === 2 ? div(sum(loss(b)), 0) : loss(b)), steps: 5 });
    await expect(run).rejects.toThrow(NonFiniteError);
    await expect(run).rejects.toMatchObject({ step: 3, tensor: 'loss' });
    expect(model.weight.dataSync()).not.toEqual(weights); // steps 1 and 2 did update
  });

  it('stops on a non-finite gradient naming the parameter', async () => {
    const { model, sampler } = regression(8);
    // √(w − w) is 0 with an infinite slope: the loss is finite, the weight's gradient is NaN.
    const loss = (): Tensor => sum(sqrt(sub(model.weight, model.weight)));
    const weights = model.weight.dataSync().slice();
    const run = fit({ model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 3, clipNorm: 1 });
    await expect(run).rejects.toMatchObject({ name: 'NonFiniteError', step: 1, tensor: "gradient of 'weight'" });
    await expect(run).rejects.toThrow(/step 1: the gradient of 'weight' holds NaN \(2 of 2 elements/);
    expect(model.weight.dataSync()).toEqual(weights);
  });

  it('validates every `every` steps and at the end, in eval mode', async () => {
    const generator = new Generator(9);
    const model = new Sequential([new Dense({ inFeatures: 2, outFeatures: 1, generator }), new Dropout({ rate: 0.5, generator })]);
    const { sampler } = regression(9);
    const modes: boolean[] = [];
    const result = await fit({
      model,
      optimizer: new Adam(model.parameters()),
      data: sampler,
      loss: (b) => mseLoss(model.forward(b.x), b.y),
      steps: 25,
      validation: { every: 10, evaluate: (c) => { modes.push(model.training); return { loss: c.step }; } },
    });
    expect(result.validations.map((v) => v.step)).toEqual([10, 20, 25]);
    expect(result.validations.map((v) => v.metrics.loss)).toEqual([10, 20, 25]);
    expect(modes).toEqual([false, false, false]);
    expect(model.training).toBe(true);
  });

  it('passes extra metrics from the loss function to the logs', async () => {
    const { model, sampler, loss } = regression(10);
    const result = await fit({
      model,
      optimizer: new Adam(model.parameters()),
      data: sampler,
      loss: (b) => { const l = loss(b); return { loss: l, metrics: { double: mul(l, 2) } }; },
      steps: 3,
    });
    for (const h of result.history) expect(h.metrics.double).toBeCloseTo(2 * h.loss, 5);
  });

  it('stops when an AbortSignal fires, after the current step', async () => {
    const { model, sampler, loss } = regression(11);
    const controller = new AbortController();
    const result = await fit({
      model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 1000, signal: controller.signal,
      callbacks: [{ onStepEnd: (logs) => { if (logs.step === 4) controller.abort(); } }],
    });
    expect(result.step).toBe(4);
    expect(result.stopReason).toBe('aborted');
  });
});

describe('callbacks', () => {
  it('earlyStopping stops after `patience` validations without improvement and says why', async () => {
    const { model, sampler, loss } = regression(12);
    const scores = [5, 4, 4.5, 4.2, 3];
    const result = await fit({
      model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 100,
      validation: { every: 1, evaluate: (c) => ({ loss: scores[c.step - 1] ?? 0 }) },
      callbacks: [earlyStopping({ monitor: 'loss', patience: 1 })],
    });
    expect(result.step).toBe(4);
    expect(result.stopReason).toBe('early stopping: validation loss has not improved for 2 validation(s); best 4 at step 2');
  });

  it('earlyStopping names a metric that validation does not return', async () => {
    const { model, sampler, loss } = regression(13);
    const run = fit({
      model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 3,
      validation: { every: 1, evaluate: () => ({ loss: 1 }) },
      callbacks: [earlyStopping({ monitor: 'accuracy', mode: 'max' })],
    });
    await expect(run).rejects.toThrow("'accuracy' is not a validation metric; validation returned 'loss'");
  });

  it('checkpointEvery saves every `every` steps and once at the end', async () => {
    const { model, sampler, loss } = regression(14);
    const saved: number[] = [];
    await fit({
      model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 25,
      callbacks: [checkpointEvery({ every: 10, save: async (c) => { await Promise.resolve(); saved.push(c.step); } })],
    });
    expect(saved).toEqual([10, 20, 25]);
  });

  it('learningRateSchedule steps a schedule per step, and ReduceLROnPlateau per validation', async () => {
    const { model, sampler, loss } = regression(15);
    const optimizer = new SGD(model.parameters(), { lr: 1e-3 });
    const result = await fit({ model, optimizer, data: sampler, loss, steps: 6, callbacks: [learningRateSchedule(new StepLR(optimizer, { stepSize: 2, gamma: 0.5 }))] });
    expect(result.history.map((h) => h.lr)).toEqual([1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4, 2.5e-4]);

    const plateau = new ReduceLROnPlateau(optimizer, { patience: 0, factor: 0.1 });
    optimizer.lr = 1;
    await fit({
      model, optimizer, data: sampler, loss, steps: 3,
      validation: { every: 1, evaluate: () => ({ loss: 1 }) },
      callbacks: [learningRateSchedule(plateau)],
    });
    expect(optimizer.lr).toBeCloseTo(0.01, 12);
  });

  it('progressLogger writes one line every `every` steps and each validation', async () => {
    const { model, sampler, loss } = regression(16);
    const lines: string[] = [];
    await fit({
      model, optimizer: new Adam(model.parameters()), data: sampler, loss, steps: 4, itemsPerBatch: () => 16,
      validation: { every: 4, evaluate: () => ({ loss: 0.5 }) },
      callbacks: [progressLogger({ every: 2, write: (l) => lines.push(l) })],
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^step 2 · loss \d+\.\d{4} · grad norm \d+\.\d{4} · lr 1\.000e-3 · \d+ items\/s$/);
    expect(lines[2]).toBe('validation at step 4 · loss 0.5000');
  });

  it('formatStep shows metrics and leaves out an unknown norm', () => {
    const logs: StepLogs = { step: 7, epoch: 0, loss: 1.5, gradNorm: Number.NaN, lr: 0.1, seconds: 1, metrics: { accuracy: 0.25 } };
    expect(formatStep(logs)).toBe('step 7 · loss 1.5000 · lr 1.000e-1 · accuracy 0.2500');
  });
});
