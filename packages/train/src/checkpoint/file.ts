/**
 * Checkpoints as files, for Node. `node:fs/promises` is imported on first call, not at the top,
 * so a browser bundle that never calls these functions never needs the module.
 */
import { writeFileAtomic } from '@rnn/layers';
import { decodeCheckpoint, type Checkpoint, type DecodeCheckpointOptions } from './decode.js';
import { encodeCheckpoint, type CheckpointContents } from './encode.js';

/**
 * Writes `encodeCheckpoint(contents)` to `path` atomically (layers' `writeFileAtomic`): the
 * previous file at `path` stays whole until the new one has been flushed and renamed over it,
 * so a crash or a full disk never leaves a broken checkpoint, at most a stray `*.tmp`.
 */
export async function saveCheckpointFile(path: string, contents: CheckpointContents): Promise<void> {
  await writeFileAtomic(path, await encodeCheckpoint(contents));
}

/** Reads a file written by {@link saveCheckpointFile} and decodes it (see {@link decodeCheckpoint}). */
export async function loadCheckpointFile(path: string, options: DecodeCheckpointOptions = {}): Promise<Checkpoint> {
  const fs = await import('node:fs/promises');
  return decodeCheckpoint(await fs.readFile(path), options);
}
