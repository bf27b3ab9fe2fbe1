// The `webgpu` 0.6.x crash (its navigator object collected while a device lives, then any
// mapAsync kills the process) must not reach users: the backend holds that object until
// destroy(). Runs in a child process with forced collections, so a crash fails this test
// instead of killing the runner.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { noGpuReason } from './testing/gpu.js';

describe.skipIf(noGpuReason !== null)('the Dawn navigator object', () => {
  it('stays alive as long as the backend, through forced garbage collections', () => {
    const script = fileURLToPath(new URL('../test/keep-alive.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000, env: process.env });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('keep-alive: ok');
  });
});
