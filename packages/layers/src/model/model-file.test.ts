import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCpuBackend, fromArray, Generator, setBackend } from '@rnn/tensor';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { loadModelFile, saveModelFile } from './model-file.js';
import { saveModel } from './save-load.js';

let directory = '';

beforeAll(() => {
  setBackend(createCpuBackend());
});

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rnn-layers-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const dense = (seed: number): Dense => new Dense({ inFeatures: 3, outFeatures: 2, generator: new Generator(seed) });

describe('saveModelFile and loadModelFile', () => {
  it('write the saveModel bytes to a file and read the model back', async () => {
    const model = dense(1);
    const path = join(directory, 'model.safetensors');
    await saveModelFile(path, model);
    expect(new Uint8Array(await readFile(path))).toEqual(await saveModel(model));
    const copy = await loadModelFile(path);
    if (!(copy instanceof Dense)) throw new Error('expected a Dense');
    const x = fromArray([[1, 2, 3]]);
    expect(copy.forward(x).dataSync()).toEqual(model.forward(x).dataSync());
  });

  it('replace an existing file and leave no temporary file behind', async () => {
    const path = join(directory, 'model.safetensors');
    await writeFile(path, 'old contents');
    await saveModelFile(path, dense(2));
    expect(await readdir(directory)).toEqual(['model.safetensors']);
    expect((await loadModelFile(path)).stateDict().weight!.dataSync()).toEqual(dense(2).weight.dataSync());
  });

  it('remove the temporary file when the final rename fails', async () => {
    const path = join(directory, 'model.safetensors');
    await mkdir(join(path, 'occupied'), { recursive: true });
    await expect(saveModelFile(path, dense(1))).rejects.toThrow();
    expect(await readdir(directory)).toEqual(['model.safetensors']);
  });

  it('fail without leaving anything when the directory does not exist', async () => {
    await expect(saveModelFile(join(directory, 'missing', 'model.safetensors'), dense(1))).rejects.toThrow(/ENOENT/);
    expect(await readdir(directory)).toEqual([]);
  });
});
