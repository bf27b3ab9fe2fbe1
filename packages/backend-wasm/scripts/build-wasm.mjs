// Builds the AssemblyScript kernels into wasm/, one file per feature set the loader can pick:
//   rnn.simd.wasm             128-bit SIMD (every current browser, Node ≥ 16)
//   rnn.relaxed.wasm          + relaxed SIMD (f32x4.relaxed_madd: one FMA instead of mul + add)
//   rnn.simd.threads.wasm     + shared memory and atomics, for the worker-thread pool
//   rnn.relaxed.threads.wasm
// Skips the compile when every output is newer than every input, so `test` and `bench` can call
// it unconditionally.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'wasm');
/** Pages of the shared memory's maximum; the loader's memory must declare the same. */
const SHARED_MAXIMUM_PAGES = 32768;

const VARIANTS = [
  { file: 'rnn.simd.wasm', features: ['simd'] },
  { file: 'rnn.relaxed.wasm', features: ['simd', 'relaxed-simd'] },
  { file: 'rnn.simd.threads.wasm', features: ['simd', 'threads'], shared: true },
  { file: 'rnn.relaxed.threads.wasm', features: ['simd', 'relaxed-simd', 'threads'], shared: true },
];

const inputs = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? inputs(join(dir, e.name)) : [join(dir, e.name)]));
const newestInput = Math.max(...[...inputs(join(root, 'assembly')), fileURLToPath(import.meta.url)].map((f) => statSync(f).mtimeMs));
const stale = VARIANTS.filter((v) => !existsSync(join(outDir, v.file)) || statSync(join(outDir, v.file)).mtimeMs < newestInput);

mkdirSync(outDir, { recursive: true });
for (const v of stale) {
  const args = [
    join(root, 'assembly/index.ts'),
    '--outFile', join(outDir, v.file),
    '--runtime', 'stub',
    '--importMemory',
    '--initialMemory', '1',
    '--enable', v.features.join(','),
    '-O3', '--noAssert', '--use', 'abort=',
    ...(v.shared ? ['--sharedMemory', '--maximumMemory', String(SHARED_MAXIMUM_PAGES)] : []),
  ];
  const { error, stderr } = await asc.main(args);
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: ${v.file} failed: ${error.message}`);
    process.exit(1);
  }
}
if (stale.length > 0) console.log(`build-wasm: built ${stale.map((v) => v.file).join(', ')}`);
