import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend, dispose, Generator, numHandles, setBackend } from '@rnn/tensor';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointDirectory } from './directory.js';
import { loadCheckpointFile, saveCheckpointFile } from './file.js';
import { restoreTraining } from './restore.js';
import { bitsOf, disposeRun, newOptimizer, newRun, sequentialOf, TOTAL_STEPS, train, type TrainingRun } from './testing.js';

let directory = '';

beforeAll(() => {
  setBackend(createCpuBackend());
});

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rnn-resume-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const contentsOf = (run: TrainingRun, step: number) => ({ ...run, step });

/** Every bit of the training state that the next step depends on. */
function expectSameState(resumed: TrainingRun, straight: TrainingRun): void {
  const parameters = resumed.model.namedParameters();
  expect(parameters.map(([name]) => name)).toEqual(straight.model.namedParameters().map(([name]) => name));
  straight.model.namedParameters().forEach(([name, p], i) => {
    expect(bitsOf(parameters[i]![1]), name).toEqual(bitsOf(p));
  });
  const [a, b] = [resumed.optimizer.getState(), straight.optimizer.getState()];
  expect({ ...a, slots: Object.keys(a.slots).sort() }).toEqual({ ...b, slots: Object.keys(b.slots).sort() });
  for (const key of Object.keys(b.slots)) expect(bitsOf(a.slots[key]!), key).toEqual(bitsOf(b.slots[key]!));
  dispose([a.slots, b.slots]);
  expect(resumed.schedule.getState()).toEqual(straight.schedule.getState());
  expect(resumed.optimizer.lr).toBe(straight.optimizer.lr);
  expect(resumed.generators.model.getState()).toEqual(straight.generators.model.getState());
  expect(resumed.generators.data.getState()).toEqual(straight.generators.data.getState());
}

/** Loads `path` into objects made from other seeds and hyperparameters, as a new process would. */
async function resumeFrom(path: string): Promise<{ run: TrainingRun; step: number }> {
  const generators = { model: new Generator(1000), data: new Generator(2000) };
  const checkpoint = await loadCheckpointFile(path, { generator: generators.model });
  const model = sequentialOf(checkpoint.model);
  const { optimizer, schedule } = newOptimizer(model, 0.5);
  restoreTraining(checkpoint, { optimizer, schedule, generators });
  checkpoint.dispose();
  return { run: { model, optimizer, schedule, generators }, step: checkpoint.step };
}

describe('resuming from a checkpoint', () => {
  it('continues bit-exactly: N steps straight equal N/2 steps, save, load into fresh objects, N/2 steps', async () => {
    const half = TOTAL_STEPS / 2;
    const straight = newRun(7);
    train(straight, TOTAL_STEPS);

    const first = newRun(7);
    train(first, half);
    const path = join(directory, 'half.safetensors');
    await saveCheckpointFile(path, contentsOf(first, half));
    disposeRun(first);

    const before = numHandles();
    const { run: resumed, step } = await resumeFrom(path);
    expect(step).toBe(half);
    train(resumed, TOTAL_STEPS - half);
    expectSameState(resumed, straight);
    disposeRun(resumed);
    expect(numHandles()).toBe(before);
    disposeRun(straight);
  });

  it('continues bit-exactly through a CheckpointDirectory saved every step', async () => {
    const straight = newRun(3);
    train(straight, TOTAL_STEPS);
    const checkpoints = new CheckpointDirectory(join(directory, 'run'), { keep: 2 });
    const first = newRun(3);
    for (let step = 1; step <= 5; step++) {
      train(first, 1);
      await checkpoints.save(contentsOf(first, step));
    }
    disposeRun(first);
    expect((await checkpoints.list()).map((entry) => entry.step)).toEqual([4, 5]);

    const { run: resumed, step } = await resumeFrom((await checkpoints.latest())!);
    train(resumed, TOTAL_STEPS - step);
    expectSameState(resumed, straight);
    disposeRun(resumed);
    disposeRun(straight);
  });

  it('writes the same bytes for the same state, whether trained straight or resumed', async () => {
    const straight = newRun(5);
    train(straight, 4);
    await saveCheckpointFile(join(directory, 'straight.safetensors'), contentsOf(straight, 4));
    const first = newRun(5);
    train(first, 2);
    await saveCheckpointFile(join(directory, 'first.safetensors'), contentsOf(first, 2));
    const { run: resumed } = await resumeFrom(join(directory, 'first.safetensors'));
    train(resumed, 2);
    await saveCheckpointFile(join(directory, 'resumed.safetensors'), contentsOf(resumed, 4));
    expect(await readFile(join(directory, 'resumed.safetensors'))).toEqual(await readFile(join(directory, 'straight.safetensors')));
    expect((await readdir(directory)).sort()).toEqual(['first.safetensors', 'resumed.safetensors', 'straight.safetensors']);
    [straight, first, resumed].forEach(disposeRun);
  });
});
