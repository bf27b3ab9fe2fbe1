// The shared conformance suite again, through a pool of two threads. Its tensors are small, so
// the grain policy would keep nearly every job on the calling thread; here it is made to split
// every job of two or more items, so that worker slices are checked on every shape.
import { describeBackend } from '@rnn/backend-conformance';
import { vi } from 'vitest';
import { createWasmBackend } from './index.js';
import type * as Runner from './runner.js';

vi.mock('./runner.js', async (original) => ({ ...(await original<typeof Runner>()), grainForFlops: () => 1, batchRowGrain: () => 1 }));

describeBackend('wasm threads=2', () => createWasmBackend({ threads: 2 }));
