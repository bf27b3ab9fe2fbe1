/**
 * A directory of numbered checkpoints, for Node: `checkpoint-<step, 8 digits>.safetensors`,
 * the newest few kept. `node:fs` and `node:path` are imported on first call (see file.ts).
 */
import { ArgumentError } from '@rnn/tensor';
import type { CheckpointContents } from './encode.js';
import { CheckpointError } from './errors.js';
import { saveCheckpointFile } from './file.js';

/** One checkpoint in a {@link CheckpointDirectory}. */
export interface CheckpointEntry {
  readonly step: number;
  readonly path: string;
}

const FILE_NAME = /^checkpoint-([0-9]{8,})\.safetensors$/;

/** `checkpoint-00001200.safetensors`: zero-padded so names sort as steps do (up to 10⁸ steps). */
export function checkpointFileName(step: number): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new ArgumentError('checkpointFileName', 'step', `must be an integer ≥ 0, got ${step}`);
  return `checkpoint-${String(step).padStart(8, '0')}.safetensors`;
}

/**
 * The step a file name stands for, or `undefined` for any other file (temporary `*.tmp` files
 * of an interrupted save included). Only the canonical spelling counts, so no two names share a step.
 */
function stepOf(name: string): number | undefined {
  const digits = FILE_NAME.exec(name)?.[1];
  if (digits === undefined) return undefined;
  const step = Number(digits);
  return Number.isSafeInteger(step) && checkpointFileName(step) === name ? step : undefined;
}

/**
 * Saves each checkpoint as `checkpoint-<step>.safetensors` in `dir` (created when needed) and
 * deletes older ones so at most `keep` remain. Other files in the directory are never touched.
 *
 * @example
 * const checkpoints = new CheckpointDirectory('runs/shakespeare', { keep: 3 });
 * await checkpoints.save({ model, optimizer, schedule, generators: { data }, step });
 * const checkpoint = await loadCheckpointFile((await checkpoints.latest())!);
 */
export class CheckpointDirectory {
  readonly dir: string;
  readonly keep: number;

  constructor(dir: string, { keep = 3 }: { readonly keep?: number } = {}) {
    if (!Number.isSafeInteger(keep) || keep < 1) throw new ArgumentError('CheckpointDirectory', 'keep', `must be an integer ≥ 1, got ${keep}`);
    this.dir = dir;
    this.keep = keep;
  }

  /**
   * Writes the checkpoint for `contents.step` atomically (replacing one of the same step), then
   * deletes the checkpoints of the lowest steps beyond `keep`, never the one just written (a run
   * resumed from an earlier step keeps its newest checkpoint even below older runs' higher
   * steps). Returns the path written.
   */
  async save(contents: CheckpointContents): Promise<string> {
    const [fs, nodePath] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    await fs.mkdir(this.dir, { recursive: true });
    const path = nodePath.join(this.dir, checkpointFileName(contents.step));
    await saveCheckpointFile(path, contents);
    const others = (await this.list()).filter((entry) => entry.path !== path);
    const stale = others.slice(0, Math.max(0, others.length - (this.keep - 1)));
    for (const entry of stale) await fs.rm(entry.path, { force: true });
    return path;
  }

  /** The path of the highest step's checkpoint, or `undefined` when there is none (or no directory). */
  async latest(): Promise<string | undefined> {
    return (await this.list()).at(-1)?.path;
  }

  /** Every checkpoint in the directory, by increasing step; `[]` when the directory does not exist. */
  async list(): Promise<CheckpointEntry[]> {
    const [fs, nodePath] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    let entries;
    try {
      entries = await fs.readdir(this.dir, { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const found: CheckpointEntry[] = [];
    for (const entry of entries) {
      const step = entry.isFile() || entry.isSymbolicLink() ? stepOf(entry.name) : undefined;
      if (step !== undefined) found.push({ step, path: nodePath.join(this.dir, entry.name) });
    }
    return found.sort((a, b) => a.step - b.step);
  }
}

/**
 * The checkpoint file that `pathOrDir` designates: a file is returned as it is, a directory gives
 * its latest checkpoint (see {@link CheckpointDirectory}). A missing path or a directory without
 * checkpoints is a {@link CheckpointError} (`field: 'path'`) saying what to do.
 */
export async function resolveCheckpointPath(pathOrDir: string): Promise<string> {
  const fs = await import('node:fs/promises');
  let stats;
  try {
    stats = await fs.stat(pathOrDir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
      throw new CheckpointError('path', `'${pathOrDir}' does not exist — train with --out ${pathOrDir} first, or give a checkpoint file`, { cause: error });
    }
    throw error;
  }
  if (!stats.isDirectory()) return pathOrDir;
  const latest = await new CheckpointDirectory(pathOrDir).latest();
  if (latest === undefined) {
    throw new CheckpointError('path', `'${pathOrDir}' holds no checkpoint-<step>.safetensors — train with --out ${pathOrDir} first`);
  }
  return latest;
}

const errorCode = (error: unknown): unknown => (error instanceof Error && 'code' in error ? error.code : undefined);
