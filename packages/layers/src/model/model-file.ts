/**
 * Models as files, for Node. `node:fs/promises` is imported on first call, not at the top, so a
 * browser bundle that never calls these functions never needs the module.
 */
import type { Module } from '../module/module.js';
import { loadModel, saveModel, type LoadModelOptions } from './save-load.js';

/**
 * Writes `saveModel(module)` to `path` atomically: the bytes go to a temporary file beside it,
 * are flushed to disk, and the temporary file is renamed over `path`. A rename within one
 * directory is atomic, so readers see the old file or the new one, never a partial write, and a
 * crash leaves at most a stray `*.tmp` file.
 */
export async function saveModelFile(path: string, module: Module): Promise<void> {
  const bytes = await saveModel(module);
  const fs = await import('node:fs/promises');
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    const file = await fs.open(temporary, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Reads a file written by {@link saveModelFile} (or any `saveModel` bytes) and rebuilds the module. */
export async function loadModelFile(path: string, options: LoadModelOptions = {}): Promise<Module> {
  const fs = await import('node:fs/promises');
  return loadModel(await fs.readFile(path), options);
}
