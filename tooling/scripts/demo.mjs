// The README's main demo: `rnn train` fits a small character-level LSTM to tiny-shakespeare on
// the WebAssembly backend (all cores) for a minute or two, then `rnn generate` prints a sample from its checkpoint. The run goes to a
// fresh temporary folder, so the demo can be repeated (a folder holding a run is refused).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url);
const cli = new URL('apps/cli/dist/cli.js', root).pathname;
const data = new URL('data/tinyshakespeare.txt', root).pathname;
const out = mkdtempSync(join(tmpdir(), 'rnn-demo-'));

function rnn(...args) {
  const { status, signal } = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (status !== 0) {
    rmSync(out, { recursive: true, force: true });
    process.exit(status ?? (signal === 'SIGINT' ? 130 : 1));
  }
}

rnn('train', '--data', data, '--layers', '1', '--hidden', '128', '--steps', '3000', '--eval-every', '1000', '--log-every', '50', '--backend', 'wasm', '--out', out);
console.log('\nA sample from the trained model (temperature 0.8):\n');
rnn('generate', out, '--prime', 'ROMEO:', '--length', '400', '--temperature', '0.8', '--seed', '7');
console.log(`\n\nThe checkpoint is in ${out} — try: pnpm rnn generate ${out} --temperature 0.5`);
