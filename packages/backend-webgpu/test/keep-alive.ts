// Run by src/keep-alive.test.ts in its own process (`node --expose-gc`): `webgpu` 0.6.x kills
// the process on the next mapAsync if the object its create() returned was garbage-collected
// while a device lives. The backend must hold it; here nothing else does.
import { createWebGpuBackend } from '../src/index.js';

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with node --expose-gc');
const backend = await createWebGpuBackend();
for (let round = 0; round < 3; round++) {
  // Garbage, so the collector really runs through the heap.
  const junk: unknown[] = [];
  for (let i = 0; i < 200_000; i++) junk.push({ i });
  junk.length = 0;
  collect();
  await new Promise((resolve) => setTimeout(resolve, 20));
  collect();
  const h = backend.fill([256], round + 1, 'float32');
  const values = await backend.read({ handle: h, shape: [256], dtype: 'float32' });
  backend.dispose(h);
  if (values[255] !== round + 1) throw new Error(`round ${round}: read ${values[255]}`);
}
backend.destroy();
console.log('keep-alive: ok');
