import type * as FsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from './atomic-file.js';

// A disk that fills up halfway through the next write: the write stores half the bytes, then fails.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../../../tooling/config/full-disk.js')).fullDiskFs(await importOriginal<typeof FsPromises>(), disk));

let directory = '';

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rnn-atomic-'));
});

afterEach(async () => {
  disk.full = false;
  await rm(directory, { recursive: true, force: true });
});

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

describe('writeFileAtomic', () => {
  it('writes the bytes to a new file', async () => {
    const path = join(directory, 'a.bin');
    await writeFileAtomic(path, bytes(1, 2, 3));
    expect(new Uint8Array(await readFile(path))).toEqual(bytes(1, 2, 3));
    expect(await readdir(directory)).toEqual(['a.bin']);
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const path = join(directory, 'a.bin');
    await writeFile(path, 'old contents');
    await writeFileAtomic(path, bytes(4, 5));
    expect(new Uint8Array(await readFile(path))).toEqual(bytes(4, 5));
    expect(await readdir(directory)).toEqual(['a.bin']);
  });

  it('keeps the old file whole when the disk fills up mid-write, and removes the partial temporary file', async () => {
    const path = join(directory, 'a.bin');
    await writeFileAtomic(path, bytes(1, 2, 3, 4));
    disk.full = true;
    await expect(writeFileAtomic(path, bytes(9, 9, 9, 9, 9, 9))).rejects.toThrow(/ENOSPC/);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes(1, 2, 3, 4));
    expect(await readdir(directory)).toEqual(['a.bin']);
  });

  it('removes the temporary file when the final rename fails', async () => {
    const path = join(directory, 'a.bin');
    await mkdir(join(path, 'occupied'), { recursive: true });
    await expect(writeFileAtomic(path, bytes(1))).rejects.toThrow();
    expect(await readdir(directory)).toEqual(['a.bin']);
  });

  it('fails without creating anything when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(directory, 'missing', 'a.bin'), bytes(1))).rejects.toThrow(/ENOENT/);
    expect(await readdir(directory)).toEqual([]);
  });
});
