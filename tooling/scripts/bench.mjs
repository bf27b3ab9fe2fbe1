#!/usr/bin/env node
// `pnpm bench [--backend cpu|wasm|webgpu] [args…]`: every package's benchmark, or the named
// backend's with the remaining arguments passed on (e.g. `--size large`). Benchmarks compare
// against their peers in the same run; each package's README has the figures.
import { spawnSync } from 'node:child_process';

const PACKAGES = { cpu: '@rnn/tensor', wasm: '@rnn/backend-wasm', webgpu: '@rnn/backend-webgpu' };
const args = process.argv.slice(2).filter((a) => a !== '--');
const at = args.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
let backend = null;
if (at >= 0) {
  const inline = args[at].includes('=');
  backend = inline ? args[at].slice('--backend='.length) : args[at + 1];
  args.splice(at, inline ? 1 : 2);
  if (!(backend in PACKAGES)) {
    console.error(`bench: --backend must be one of ${Object.keys(PACKAGES).join(', ')}, got ${backend ?? 'nothing'}`);
    process.exit(2);
  }
}
// WebGPU in Node needs a Vulkan driver; on a machine without a GPU this installs lavapipe.
if (backend === null || backend === 'webgpu') spawnSync('bash', ['tooling/scripts/ensure-webgpu.sh'], { stdio: 'inherit' });
const filter = backend === null ? [] : [`--filter=${PACKAGES[backend]}`];
const passed = args.length > 0 ? ['--', ...args] : [];
const run = spawnSync('npx', ['turbo', 'run', 'bench', ...filter, ...passed], { stdio: 'inherit', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } });
process.exit(run.status ?? 1);
