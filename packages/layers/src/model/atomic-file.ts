/**
 * Replacing a file so that no reader and no crash ever sees half of it, for Node.
 * `node:fs/promises` is imported on first call, not at the top, so a browser bundle that never
 * calls this function never needs the module.
 */

/**
 * Writes `bytes` to `path` atomically: they go to a temporary file beside it
 * (`<path>.<uuid>.tmp`), are flushed to disk, and the temporary file is renamed over `path`.
 * A rename within one directory is atomic, so readers see the old file or the new one, never a
 * partial write; a failed write removes its temporary file, and a crash leaves at most a stray
 * `*.tmp`. The directory must exist.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const fs = await import('node:fs/promises');
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    const file = await fs.open(temporary, 'wx');
    try {
      await file.writeFile(bytes);
      // Without the flush, a power cut after the rename could leave the new name on an empty file.
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
