// Every worker instantiates the module again on the one shared memory, so the threads builds
// must hold no state that one instance keeps and another would not see: no start function (it
// would run once per worker) and no globals (each instance, so each thread, has its own; one
// used only as scratch within a call would be safe — review it, then admit it here). Active data
// segments (the constant tables of AssemblyScript's Math.exp and Math.log) are copied again by
// each worker's instantiation: below the heap, at the pool's start, with the same bytes — harmless.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SHARED_MAXIMUM_PAGES } from '../loader.js';

const SECTION = { import: 2, global: 6, start: 8 } as const;

/** Reads an unsigned LEB128 at `at`; returns the value and the offset after it. */
function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

function sections(bytes: Uint8Array): Map<number, Uint8Array> {
  const found = new Map<number, Uint8Array>();
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at]!;
    const [size, start] = leb(bytes, at + 1);
    found.set(id, bytes.subarray(start, start + size));
    at = start + size;
  }
  return found;
}

/** The memory import's limits: flags (bit 0: has a maximum, bit 1: shared), minimum and maximum pages. */
function memoryImport(section: Uint8Array): { flags: number; maximum: number } {
  let [count, at] = leb(section, 0);
  for (; count > 0; count--) {
    for (let name = 0; name < 2; name++) {
      const [length, next] = leb(section, at);
      at = next + length;
    }
    const kind = section[at++]!;
    if (kind !== 2) throw new Error(`an import of kind ${kind}: the kernels import only their memory`);
    const flags = section[at]!;
    const [, afterMinimum] = leb(section, at + 1);
    return { flags, maximum: leb(section, afterMinimum)[0] };
  }
  throw new Error('no memory import');
}

describe.each(['rnn.simd.threads.wasm', 'rnn.relaxed.threads.wasm'])('%s', (file) => {
  it('imports a shared memory of at most SHARED_MAXIMUM_PAGES, and has no start function or globals', async () => {
    const found = sections(await readFile(new URL(`../../wasm/${file}`, import.meta.url)));
    expect(memoryImport(found.get(SECTION.import)!)).toEqual({ flags: 0b11, maximum: SHARED_MAXIMUM_PAGES });
    expect(found.has(SECTION.start)).toBe(false);
    expect(found.has(SECTION.global) ? leb(found.get(SECTION.global)!, 0)[0] : 0).toBe(0);
  });
});
