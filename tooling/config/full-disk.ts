/**
 * A `node:fs/promises` whose disk fills up on demand, for tests of atomic writes: while
 * `disk.full` is set, a file handle's `writeFile` stores half the bytes, then fails with ENOSPC.
 * Use it from a `vi.mock` factory:
 *
 *   const disk = vi.hoisted(() => ({ full: false }));
 *   vi.mock('node:fs/promises', async (original) => (await import('…/full-disk.js')).fullDiskFs(await original(), disk));
 */
import type * as FsPromises from 'node:fs/promises';

export function fullDiskFs(fs: typeof FsPromises, disk: { readonly full: boolean }): typeof FsPromises & { default: typeof FsPromises } {
  const open: typeof fs.open = async (...args) => {
    const handle = await fs.open(...args);
    if (!disk.full) return handle;
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'writeFile') {
          return async (data: Uint8Array) => {
            await target.writeFile(data.subarray(0, data.length >> 1));
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { ...fs, open, default: { ...fs, open } };
}
