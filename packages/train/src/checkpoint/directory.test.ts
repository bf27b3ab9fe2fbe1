import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, createCpuBackend, Generator, setBackend } from '@rnn/tensor';
import type { Module } from '@rnn/layers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointDirectory, checkpointFileName, resolveCheckpointPath } from './directory.js';
import { CheckpointError } from './errors.js';
import { newModel } from './testing.js';

let directory = '';
let model: Module;

beforeAll(() => {
  setBackend(createCpuBackend());
  model = newModel(new Generator(0));
});

afterAll(() => {
  model.dispose();
});

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rnn-checkpoints-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const names = async (dir = directory): Promise<string[]> => (await readdir(dir)).sort();

async function caught(promise: Promise<unknown>): Promise<CheckpointError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  return error as CheckpointError;
}

describe('checkpointFileName', () => {
  it('zero-pads the step to 8 digits, and keeps every digit of larger steps', () => {
    expect(checkpointFileName(1200)).toBe('checkpoint-00001200.safetensors');
    expect(checkpointFileName(123_456_789)).toBe('checkpoint-123456789.safetensors');
  });

  it('refuses a step that is not an integer ≥ 0', () => {
    expect(() => checkpointFileName(-1)).toThrow(ArgumentError);
  });
});

describe('CheckpointDirectory', () => {
  it('creates the directory and writes checkpoint-<step>.safetensors, returning its path', async () => {
    const dir = join(directory, 'runs', 'x');
    const path = await new CheckpointDirectory(dir).save({ model, step: 12 });
    expect(path).toBe(join(dir, 'checkpoint-00000012.safetensors'));
    expect(await names(dir)).toEqual(['checkpoint-00000012.safetensors']);
  });

  it('keeps the newest `keep` checkpoints', async () => {
    const checkpoints = new CheckpointDirectory(directory, { keep: 2 });
    for (const step of [10, 20, 30, 40]) await checkpoints.save({ model, step });
    expect(await checkpoints.list()).toEqual([
      { step: 30, path: join(directory, 'checkpoint-00000030.safetensors') },
      { step: 40, path: join(directory, 'checkpoint-00000040.safetensors') },
    ]);
    expect(await checkpoints.latest()).toBe(join(directory, 'checkpoint-00000040.safetensors'));
  });

  it('never deletes the checkpoint just written, even below the steps of an earlier run', async () => {
    const checkpoints = new CheckpointDirectory(directory, { keep: 2 });
    for (const step of [100, 200, 300]) await checkpoints.save({ model, step });
    await checkpoints.save({ model, step: 150 });
    expect((await checkpoints.list()).map((entry) => entry.step)).toEqual([150, 300]);
  });

  it('replaces a checkpoint of the same step', async () => {
    const checkpoints = new CheckpointDirectory(directory, { keep: 1 });
    await checkpoints.save({ model, step: 5 });
    await checkpoints.save({ model, step: 5 });
    expect(await names()).toEqual(['checkpoint-00000005.safetensors']);
  });

  it('sorts by step past 10⁸, where names grow a digit', async () => {
    const checkpoints = new CheckpointDirectory(directory, { keep: 5 });
    await checkpoints.save({ model, step: 123_456_789 });
    await checkpoints.save({ model, step: 99_999_999 });
    expect((await checkpoints.list()).map((entry) => entry.step)).toEqual([99_999_999, 123_456_789]);
  });

  it('ignores and never deletes temporary files, other files, non-canonical names and directories', async () => {
    const others = [
      'checkpoint-00000009.safetensors.1f2e.tmp',
      'checkpoint-9.safetensors',
      'checkpoint-000000009.safetensors',
      'model.safetensors',
      'notes.txt',
    ];
    for (const name of others) await writeFile(join(directory, name), '');
    await mkdir(join(directory, 'checkpoint-00000099.safetensors'));
    const checkpoints = new CheckpointDirectory(directory, { keep: 1 });
    await checkpoints.save({ model, step: 1 });
    await checkpoints.save({ model, step: 2 });
    expect(await checkpoints.list()).toEqual([{ step: 2, path: join(directory, 'checkpoint-00000002.safetensors') }]);
    expect(await names()).toEqual([...others, 'checkpoint-00000002.safetensors', 'checkpoint-00000099.safetensors'].sort());
  });

  it('lists nothing for a directory that does not exist yet', async () => {
    const checkpoints = new CheckpointDirectory(join(directory, 'missing'));
    expect(await checkpoints.list()).toEqual([]);
    expect(await checkpoints.latest()).toBeUndefined();
  });

  it('refuses keep below 1', () => {
    expect(() => new CheckpointDirectory(directory, { keep: 0 })).toThrow(/keep must be an integer ≥ 1, got 0/);
  });
});

describe('resolveCheckpointPath', () => {
  it('returns a file as it is', async () => {
    const path = join(directory, 'mine.safetensors');
    await writeFile(path, '');
    expect(await resolveCheckpointPath(path)).toBe(path);
  });

  it("gives a directory's latest checkpoint", async () => {
    const checkpoints = new CheckpointDirectory(directory);
    await checkpoints.save({ model, step: 3 });
    const latest = await checkpoints.save({ model, step: 4 });
    expect(await resolveCheckpointPath(directory)).toBe(latest);
  });

  it('says what to do for a directory without checkpoints', async () => {
    const error = await caught(resolveCheckpointPath(directory));
    expect(error.field).toBe('path');
    expect(error.message).toBe(`checkpoint: path '${directory}' holds no checkpoint-<step>.safetensors — train with --out ${directory} first`);
  });

  it('says what to do for a path that does not exist', async () => {
    const missing = join(directory, 'runs', 'x');
    const error = await caught(resolveCheckpointPath(missing));
    expect(error.field).toBe('path');
    expect(error.message).toMatch(/^checkpoint: path '.*x' does not exist — train with --out .*x first, or give a checkpoint file$/);
  });
});
