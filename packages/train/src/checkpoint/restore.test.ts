import { createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Adam, OptimizerStateError, SGD } from '../optimizers/index.js';
import { ReduceLROnPlateau } from '../schedules/index.js';
import { decodeCheckpoint, type Checkpoint } from './decode.js';
import { encodeCheckpoint } from './encode.js';
import { CheckpointError } from './errors.js';
import { restoreTraining } from './restore.js';
import { disposeRun, newOptimizer, newRun, sequentialOf, train, type TrainingRun } from './testing.js';

let saved: TrainingRun;
let checkpoint: Checkpoint;
let fresh: TrainingRun;

beforeAll(() => {
  setBackend(createCpuBackend());
});

beforeEach(async () => {
  saved = newRun(1);
  train(saved, 3);
  checkpoint = decodeCheckpoint(await encodeCheckpoint({ ...saved, step: 3 }));
  const model = sequentialOf(checkpoint.model);
  fresh = { ...newOptimizer(model, 0.3), model, generators: { model: new Generator(50), data: new Generator(60) } };
});

afterEach(() => {
  checkpoint.dispose();
  disposeRun(fresh);
  disposeRun(saved);
});

/** The fresh run's state, to show a refused restore changed nothing. */
const stateOf = (run: TrainingRun) => {
  const { slots, ...optimizer } = run.optimizer.getState();
  const slotCount = Object.keys(slots).length;
  Object.values(slots).forEach((t) => {
    t.dispose();
  });
  return { optimizer, slotCount, schedule: run.schedule.getState(), model: run.generators.model.getState(), data: run.generators.data.getState() };
};

function expectRefused(restore: () => void, field: string, message: RegExp): void {
  const before = stateOf(fresh);
  let error: unknown;
  try {
    restore();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  expect((error as CheckpointError).field).toBe(field);
  expect((error as CheckpointError).message).toMatch(message);
  expect(stateOf(fresh)).toEqual(before);
}

describe('restoreTraining', () => {
  it('restores the optimizer, the schedule and each named generator', () => {
    restoreTraining(checkpoint, { optimizer: fresh.optimizer, schedule: fresh.schedule, generators: fresh.generators });
    expect(stateOf(fresh)).toEqual(stateOf(saved));
    expect(fresh.optimizer.lr).toBe(saved.optimizer.lr);
  });

  it('restores only what it is given', () => {
    const before = fresh.optimizer.stepCount;
    restoreTraining(checkpoint, { generators: { data: fresh.generators.data } });
    expect(fresh.generators.data.getState()).toEqual(saved.generators.data.getState());
    expect(fresh.generators.model.getState()).not.toEqual(saved.generators.model.getState());
    expect(fresh.optimizer.stepCount).toBe(before);
  });

  it('refuses a generator the checkpoint does not have, naming the ones it has', () => {
    expectRefused(
      () => {
        restoreTraining(checkpoint, { optimizer: fresh.optimizer, generators: { ...fresh.generators, shuffle: new Generator(0) } });
      },
      'generators.shuffle',
      /is not in the checkpoint \(it has 'model', 'data'\)/,
    );
  });

  it('refuses an optimizer of another kind', () => {
    const sgd = new SGD(fresh.model.parameters(), { lr: 0.1 });
    expectRefused(
      () => {
        restoreTraining(checkpoint, { optimizer: sgd, generators: fresh.generators });
      },
      'optimizer',
      /was saved by Adam, so it cannot restore SGD; resume with Adam/,
    );
    sgd.dispose();
  });

  it('refuses a schedule of another kind', () => {
    const plateau = new ReduceLROnPlateau(fresh.optimizer);
    expectRefused(
      () => {
        restoreTraining(checkpoint, { schedule: plateau });
      },
      'schedule',
      /state has fields \(baseLr, epoch\), this schedule's has \(badEpochs, best, cooldownCounter, epoch\)/,
    );
  });

  it('refuses what a checkpoint saved without an optimizer or a schedule lacks', async () => {
    const bare = decodeCheckpoint(await encodeCheckpoint({ model: saved.model, step: 3 }));
    expectRefused(
      () => {
        restoreTraining(bare, { optimizer: fresh.optimizer });
      },
      'optimizer',
      /state is not in the checkpoint \(it was saved without an optimizer\)/,
    );
    expectRefused(
      () => {
        restoreTraining(bare, { schedule: fresh.schedule });
      },
      'schedule',
      /state is not in the checkpoint/,
    );
    expectRefused(
      () => {
        restoreTraining(bare, { generators: fresh.generators });
      },
      'generators.model',
      /it has no generators/,
    );
    bare.model.dispose();
  });

  it('leaves slots that do not fit the parameters to the optimizer to refuse, before anything changes', () => {
    const reversed = new Adam([...fresh.model.parameters()].reverse());
    const before = stateOf(fresh);
    expect(() => {
      restoreTraining(checkpoint, { optimizer: reversed, generators: fresh.generators });
    }).toThrow(OptimizerStateError);
    expect(stateOf(fresh)).toEqual(before);
    expect(reversed.stepCount).toBe(0);
    reversed.dispose();
  });
});
