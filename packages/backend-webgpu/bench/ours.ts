/**
 * Ours: @rnn/layers' `LSTM` / `GRU` exactly as a user writes them, on the WebGPU backend and, for
 * the same code on the CPU, the wasm backend on one thread.
 *
 * - forward: `layer.call(x)` on time-major [T, B, I], the output read back with `await data()`,
 *   everything disposed.
 * - train step: `variableGrads(() => mean(layer.forward(x)), layer.parameters())`, the loss and
 *   all four gradients read back in one `readAll([...])`, everything disposed; no optimizer.
 *
 * The same async code runs on both backends (wasm's reads are synchronous underneath).
 */
import type { Pass } from '@rnn/bench';
import { GRU, LSTM, type Recurrent } from '@rnn/layers';
import { dispose, fromArray, Generator, matmul, mean, numHandles, readAll, setBackend, variableGrads, type Backend, type Tensor } from '@rnn/tensor';
import { timeAsync, type Case, type Timed } from './common.js';

const asF32 = (a: ArrayLike<number>): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

function makeLayer(c: Case): Recurrent {
  const { input: inputSize, hidden: hiddenSize } = c.size;
  const generator = new Generator(0);
  const layer =
    c.variant === 'lstm' ? new LSTM({ inputSize, hiddenSize, generator }) : new GRU({ inputSize, hiddenSize, resetAfter: c.variant === 'gru-after', generator });
  const rows = c.weightIh.length / inputSize;
  const dict: Record<string, Tensor> = {
    weight_ih_l0: fromArray(c.weightIh, { shape: [rows, inputSize] }),
    weight_hh_l0: fromArray(c.weightHh, { shape: [rows, hiddenSize] }),
    bias_ih_l0: fromArray(c.biasIh),
    bias_hh_l0: fromArray(c.biasHh),
  };
  try {
    layer.loadStateDict(dict);
  } finally {
    dispose(Object.values(dict));
  }
  return layer;
}

/** Command counters (the WebGPU backend's `stats()`). */
export type Counters = () => { readonly submits: number; readonly dispatches: number };

/** {@link Timed} with, when counted, the work of one call: `130 dispatches, 1 submit`. */
export interface OurTimed extends Timed {
  readonly work?: string;
}

/** Times `fn` as {@link timeAsync} does, counting the dispatches and submits of its first (untimed) call. */
async function timeCounted(fn: () => Promise<Float32Array[]>, counters: Counters | undefined): Promise<OurTimed> {
  let work: string | undefined;
  let first = counters !== undefined;
  const timed = await timeAsync(async () => {
    if (!first || counters === undefined) return fn();
    first = false;
    const before = counters();
    const out = await fn();
    const after = counters();
    const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : what.endsWith('h') ? 'es' : 's'}`;
    work = `${plural(after.dispatches - before.dispatches, 'dispatch')}, ${plural(after.submits - before.submits, 'submit')}`;
    return out;
  }, () => numHandles());
  return work === undefined ? timed : { ...timed, work };
}

/**
 * Forward and train step of one case on `backend`. Each pass's outputs (its first call's: the
 * forward output; the loss then every gradient in parameter order) come back for the checks.
 */
export async function runOurCase(backend: Backend, c: Case, passes: readonly Pass[], counters?: Counters): Promise<Partial<Record<Pass, OurTimed>>> {
  setBackend(backend);
  const results: Partial<Record<Pass, OurTimed>> = {};
  let layer: Recurrent;
  let x: Tensor;
  try {
    layer = makeLayer(c);
    x = fromArray(c.x, { shape: [c.size.steps, c.size.batch, c.size.input] });
  } catch (e) {
    const failed: Timed = { cell: { missing: `failed: ${e instanceof Error ? e.message : String(e)}` }, outputs: null };
    for (const p of passes) results[p] = failed;
    return results;
  }
  const params = layer.parameters();
  const forward = async (): Promise<Float32Array[]> => {
    const { output, state } = layer.call(x);
    try {
      return [asF32(await output.data())];
    } finally {
      dispose([output, ...state]);
    }
  };
  const train = async (): Promise<Float32Array[]> => {
    const { value, grads } = variableGrads(() => mean(layer.forward(x)), params);
    const list = params.map((p) => grads.get(p));
    try {
      if (list.some((g) => g === undefined)) throw new Error(`expected ${params.length} gradients, got ${grads.size}`);
      return (await readAll([value, ...(list as Tensor[])])).map(asF32);
    } finally {
      dispose([value, ...grads.values()]);
    }
  };
  for (const pass of passes) results[pass] = await timeCounted(pass === 'forward' ? forward : train, counters);
  layer.dispose();
  x.dispose();
  return results;
}

/** C = A·B for n×n float32 (`a`, `b` row-major), read back. */
export async function runOurMatmul(backend: Backend, n: number, a: Float32Array, b: Float32Array, counters?: Counters): Promise<OurTimed> {
  setBackend(backend);
  const ta = fromArray(a, { shape: [n, n] });
  const tb = fromArray(b, { shape: [n, n] });
  const timed = await timeCounted(async () => {
    const c = matmul(ta, tb);
    try {
      return [asF32(await c.data())];
    } finally {
      c.dispose();
    }
  }, counters);
  dispose([ta, tb]);
  return timed;
}
