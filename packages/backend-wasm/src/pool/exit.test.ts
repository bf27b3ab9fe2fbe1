// A pool must never keep Node alive: a process that creates a threaded backend exits on its
// own, right after its last line — whether or not it destroyed the backend.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../index.ts', import.meta.url));

const script = (destroy: boolean): string => `
import { createWasmBackend } from ${JSON.stringify(entry)};
const backend = await createWasmBackend({ threads: 2 });
const n = 256;
const spec = (seed) => ({ handle: backend.write(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i + seed)), [n, n], 'float32'), shape: [n, n], dtype: 'float32' });
const c = backend.readSync({ handle: backend.matmul(spec(1), spec(2), false, false, [n, n]), shape: [n, n], dtype: 'float32' });
${destroy ? 'backend.destroy();' : ''}
console.log('done', backend.info.threads, c.length);
`;

/** Runs the script in a child Node; resolves with its output, exit code, and the ms from its last line to its exit. */
function runChild(source: string): Promise<{ output: string; code: number | null; lingered: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    let output = '';
    let doneAt = Number.NaN;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('done')) doneAt = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => { resolve({ output, code, lingered: performance.now() - doneAt }); });
  });
}

describe('a Node process with a threaded backend', () => {
  it.each([
    ['destroys it', true],
    ['never destroys it', false],
  ])('exits promptly on its own when it %s', async (_, destroy) => {
    const { output, code, lingered } = await runChild(script(destroy));
    expect(output).toContain('done 2 65536');
    expect(code).toBe(0);
    expect(lingered).toBeLessThan(2000);
  });
});
