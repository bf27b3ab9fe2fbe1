// Bundled into the browser test's page: exposes one function that creates a backend with the
// given threads and runs a matmul large enough to be split across threads.
import { fromArray, matmul } from '@rnn/tensor';
import { createWasmBackend } from '../index.js';

export interface PageResult {
  readonly variant: string;
  readonly threads: number;
  readonly note: string | null;
  readonly crossOriginIsolated: boolean;
  readonly product: number[];
}

export const operand = (n: number, seed: number): Float32Array => Float32Array.from({ length: n * n }, (_, i) => Math.sin(i * 0.37 + seed));

async function runInPage(threads: number): Promise<PageResult> {
  const backend = await createWasmBackend({ threads });
  const n = 192;
  const a = fromArray(operand(n, 1), { shape: [n, n], backend });
  const b = fromArray(operand(n, 2), { shape: [n, n], backend });
  const c = matmul(a, b);
  const product = [...(await c.data())];
  for (const t of [a, b, c]) t.dispose();
  const { variant, threads: used, note } = backend.info;
  backend.destroy();
  return { variant, threads: used, note, crossOriginIsolated: globalThis.crossOriginIsolated, product };
}

(globalThis as { runInPage?: typeof runInPage }).runInPage = runInPage;
