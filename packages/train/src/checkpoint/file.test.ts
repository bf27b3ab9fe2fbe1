import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend, setBackend } from '@rnn/tensor';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CheckpointDirectory } from './directory.js';
import { loadCheckpointFile, saveCheckpointFile } from './file.js';
import { bitsOf, disposeRun, newRun, train, type TrainingRun } from './testing.js';

// A disk that fills up during the next write: half the bytes land in the file, then the write fails.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../../../tooling/config/full-disk.js')).fullDiskFs(await importOriginal<typeof FsPromises>(), disk));

let directory = '';
let run: TrainingRun;

beforeAll(() => {
  setBackend(createCpuBackend());
});

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rnn-checkpoint-'));
  run = newRun(4);
});

afterEach(async () => {
  disk.full = false;
  disposeRun(run);
  await rm(directory, { recursive: true, force: true });
});

describe('saveCheckpointFile and loadCheckpointFile', () => {
  it('write a checkpoint and read it back', async () => {
    train(run, 1);
    const path = join(directory, 'run.safetensors');
    await saveCheckpointFile(path, { ...run, step: 1, extra: { seed: 4 } });
    const checkpoint = await loadCheckpointFile(path);
    expect([checkpoint.step, checkpoint.extra]).toEqual([1, { seed: 4 }]);
    expect(bitsOf(checkpoint.model.parameters()[0]!)).toEqual(bitsOf(run.model.parameters()[0]!));
    checkpoint.dispose();
    checkpoint.model.dispose();
    expect(await readdir(directory)).toEqual(['run.safetensors']);
  });

  it('keep the previous checkpoint whole when the disk fills up while replacing it, and leave no .tmp', async () => {
    const path = join(directory, 'run.safetensors');
    await saveCheckpointFile(path, { ...run, step: 0 });
    const previous = await readFile(path);
    train(run, 2);
    disk.full = true;
    await expect(saveCheckpointFile(path, { ...run, step: 2 })).rejects.toThrow(/ENOSPC/);
    disk.full = false;
    expect(await readdir(directory)).toEqual(['run.safetensors']);
    expect(await readFile(path)).toEqual(previous);
    const checkpoint = await loadCheckpointFile(path);
    expect(checkpoint.step).toBe(0);
    checkpoint.dispose();
    checkpoint.model.dispose();
  });

  it('fail when the path cannot be written (its parent is a file), leaving the parent alone', async () => {
    await writeFile(join(directory, 'file'), 'not a directory');
    await expect(saveCheckpointFile(join(directory, 'file', 'run.safetensors'), { model: run.model, step: 0 })).rejects.toThrow(/ENOTDIR/);
    expect(await readdir(directory)).toEqual(['file']);
    expect(await readFile(join(directory, 'file'), 'utf8')).toBe('not a directory');
  });
});

describe('a crash during CheckpointDirectory.save', () => {
  it('leaves the earlier checkpoints intact and latest() pointing at the newest whole one', async () => {
    const checkpoints = new CheckpointDirectory(directory, { keep: 1 });
    const first = await checkpoints.save({ ...run, step: 1 });
    const bytes = await readFile(first);
    train(run, 1);
    disk.full = true;
    await expect(checkpoints.save({ ...run, step: 2 })).rejects.toThrow(/ENOSPC/);
    disk.full = false;
    expect(await readdir(directory)).toEqual(['checkpoint-00000001.safetensors']);
    expect(await checkpoints.latest()).toBe(first);
    expect(await readFile(first)).toEqual(bytes);
  });

  it('ignores the temporary file a killed process leaves behind', async () => {
    const checkpoints = new CheckpointDirectory(directory);
    const first = await checkpoints.save({ model: run.model, step: 1 });
    await writeFile(join(directory, 'checkpoint-00000002.safetensors.0b1c.tmp'), 'half a checkpoint');
    expect(await checkpoints.latest()).toBe(first);
    expect((await checkpoints.list()).map((entry) => entry.step)).toEqual([1]);
  });
});
