/**
 * The `rnn` executable as a shell runs it (`node --import tsx src/cli.ts`, so no build is
 * needed): real signals, real exit codes, real stdout and stderr.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY, workspace } from './testing.js';

const { dir, data } = workspace();
const root = join(import.meta.dirname, '..');

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the CLI; `onLine` sees each stdout line and may signal the process. */
function spawnRnn(args: readonly string[], onLine?: (line: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { ...process.env, CI: '1', RNN_DEBUG: '' } });
  let [stdout, stderr, pending] = ['', '', ''];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      onLine?.(pending.slice(0, newline), (signal) => child.kill(signal));
      pending = pending.slice(newline + 1);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the rnn executable', () => {
  it('on SIGINT during training saves a checkpoint, says where, and exits with 130', async () => {
    const out = join(dir, 'sigint');
    let signalled = false;
    const { code, stderr } = await spawnRnn(['train', '--data', data, ...TINY, '--steps', '1000000', '--log-every', '1', '--out', out], (line, kill) => {
      if (!signalled && line.startsWith('step ')) {
        signalled = true;
        kill('SIGINT');
      }
    });
    expect(signalled).toBe(true);
    expect(code).toBe(130);
    const step = /^rnn: interrupted at step (\d+);/m.exec(stderr)?.[1];
    expect(step).toBeDefined();
    const checkpoint = join(out, `checkpoint-${step!.padStart(8, '0')}.safetensors`);
    expect(stderr).toContain(`rnn: interrupted at step ${step!}; saved checkpoint ${checkpoint}; continue with: rnn train --resume --out ${out}`);
    expect(existsSync(checkpoint)).toBe(true);
  });

  it('reports a bad flag as one line on stderr with exit code 1', async () => {
    const { code, stdout, stderr } = await spawnRnn(['train', '--seq-len', 'ten']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe("rnn: error: option '--seq-len <n>' argument 'ten' is invalid. Expected a positive integer.\n");
  });

  it('reports a missing data file as one line with exit code 1, and the stack only with RNN_DEBUG', async () => {
    const missing = join(dir, 'missing.txt');
    const { code, stderr } = await spawnRnn(['train', '--data', missing]);
    expect(code).toBe(1);
    expect(stderr).toBe(`rnn: error: cannot read data file '${missing}': no such file or directory; check the --data path\n`);
  });
});
