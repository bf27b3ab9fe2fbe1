import { fromArray, matmul } from '@rnn/tensor';
import { describe, expect, it, vi } from 'vitest';
import type * as Features from '../features.js';
import { createWasmBackend } from '../index.js';

// This runtime has threads; the probe is made to report what a browser page without
// cross-origin isolation reports, leaving the globals alone.
vi.mock('../features.js', async (original) => {
  const actual = await original<typeof Features>();
  return {
    probeFeatures: () => ({ ...actual.probeFeatures(), threads: false, threadsUnavailable: 'SharedArrayBuffer is unavailable (simulated)' }),
  };
});

describe('threads without SharedArrayBuffer', () => {
  it('runs on one thread with the single-thread build, and says why in info.note', async () => {
    const backend = await createWasmBackend({ threads: 2 });
    expect(backend.info.threads).toBe(1);
    expect(backend.info.variant).not.toMatch(/threads/);
    expect(backend.info.note).toBe('running on 1 thread instead of 2: SharedArrayBuffer is unavailable (simulated)');
    const c = matmul(fromArray(new Float32Array([1, 2, 3, 4]), { shape: [2, 2], backend }), fromArray(new Float32Array([1, 0, 0, 1]), { shape: [2, 2], backend }));
    expect([...c.dataSync()]).toEqual([1, 2, 3, 4]);
    backend.destroy();
  });

  it('asks for nothing when one thread is asked for', async () => {
    const backend = await createWasmBackend({ threads: 1 });
    expect(backend.info.note).toBeNull();
    backend.destroy();
  });
});
