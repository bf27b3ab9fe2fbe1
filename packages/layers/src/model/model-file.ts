/**
 * Models as files, for Node. `node:fs/promises` is imported on first call, not at the top, so a
 * browser bundle that never calls these functions never needs the module.
 */
import type { Module } from '../module/module.js';
import { writeFileAtomic } from './atomic-file.js';
import { loadModel, saveModel, type LoadModelOptions } from './save-load.js';

/**
 * Writes `saveModel(module)` to `path` with {@link writeFileAtomic}: readers see the old file or
 * the new one, never a partial write, and a crash leaves at most a stray `*.tmp` file.
 */
export async function saveModelFile(path: string, module: Module): Promise<void> {
  await writeFileAtomic(path, await saveModel(module));
}

/** Reads a file written by {@link saveModelFile} (or any `saveModel` bytes) and rebuilds the module. */
export async function loadModelFile(path: string, options: LoadModelOptions = {}): Promise<Module> {
  const fs = await import('node:fs/promises');
  return loadModel(await fs.readFile(path), options);
}
