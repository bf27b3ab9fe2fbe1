/**
 * Ours: the wasm backend on 1 and 2 threads, and @rnn/tensor's cpu backend (float32) for
 * reference, running @rnn/layers' `LSTM` / `GRU` exactly as a user would.
 *
 * - forward: `layer.call(x)` on time-major [T, B, I], the output read back (`dataSync`), every
 *   tensor disposed.
 * - train step: `variableGrads(() => mean(layer.forward(x)), layer.parameters())`, the loss and
 *   all four weight gradients read back, everything disposed; no optimizer.
 *
 * `numHandles()` must be the same before and after each case (a leak shows as a note).
 */
import { maxAbsDiff, type MatrixCell, type MeasureOptions, type Pass } from '@rnn/bench';
import { GRU, LSTM, type Recurrent } from '@rnn/layers';
import {
  createCpuBackend,
  dispose,
  fromArray,
  Generator,
  matmul,
  mean,
  numHandles,
  setBackend,
  uniform,
  variableGrads,
  type Backend,
  type Tensor,
} from '@rnn/tensor';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { allPasses, errorMessage, timeCell, type Case, type PassCells, type PassPlan } from './common.js';

export type OursKey = 'wasm1' | 'wasm2' | 'cpu';

export interface OurBackend {
  readonly key: OursKey;
  readonly label: string;
  readonly backend: Backend;
  /** What the wasm backend says it runs (variant, threads, note); null for cpu. */
  readonly info: WasmBackend['info'] | null;
}

export async function createOurBackends(): Promise<OurBackend[]> {
  const one = await createWasmBackend({ threads: 1 });
  const two = await createWasmBackend({ threads: 2 });
  return [
    { key: 'wasm1', label: 'ours wasm 1t', backend: one, info: one.info },
    { key: 'wasm2', label: 'ours wasm 2t', backend: two, info: two.info },
    { key: 'cpu', label: 'ours cpu f32', backend: createCpuBackend(), info: null },
  ];
}

/** `simd, 1 thread` / `simd.threads, 2 threads; note: …`. */
export function describeBackend(b: OurBackend): string {
  if (b.info === null) return 'pure TypeScript, float32';
  const { variant, threads, note } = b.info;
  return `variant ${variant}, ${threads} thread${threads === 1 ? '' : 's'}${note === null ? '' : `; note: ${note}`}`;
}

/** Our layer for a case, holding the case's weights. */
function makeLayer(c: Case): Recurrent {
  const { inputSize, hiddenSize, cell, resetAfter } = c.weights;
  const generator = new Generator(0);
  const layer = cell === 'lstm' ? new LSTM({ inputSize, hiddenSize, generator }) : new GRU({ inputSize, hiddenSize, resetAfter, generator });
  const rows = c.weights.weightIh.length / inputSize;
  const dict: Record<string, Tensor> = {
    weight_ih_l0: fromArray(c.weights.weightIh, { shape: [rows, inputSize] }),
    weight_hh_l0: fromArray(c.weights.weightHh, { shape: [rows, hiddenSize] }),
    bias_ih_l0: fromArray(c.weights.biasIh),
    bias_hh_l0: fromArray(c.weights.biasHh),
  };
  try {
    layer.loadStateDict(dict);
  } finally {
    dispose(Object.values(dict));
  }
  return layer;
}

export interface OursResult {
  readonly cells: PassCells;
  /** The forward output [T, B, H] (for the other libraries' checks), or null when it failed. */
  readonly output: Float32Array | null;
}

/**
 * Forward and train step of one case on one of our backends. `reference` (another backend's
 * output) is compared with this one's; a difference over `tolerance` becomes a note.
 */
export function runOurCase(b: OurBackend, c: Case, passes: readonly Pass[], plan: PassPlan, reference: Float32Array | null, tolerance: number): OursResult {
  setBackend(b.backend);
  let layer: Recurrent;
  let x: Tensor;
  let output: Float32Array;
  try {
    layer = makeLayer(c);
    x = fromArray(c.x, { shape: [c.size.steps, c.size.batch, c.size.input] });
    const y = layer.forward(x);
    output = Float32Array.from(y.dataSync());
    y.dispose();
  } catch (e) {
    return { cells: allPasses({ missing: `failed: ${errorMessage(e)}` }, passes), output: null };
  }
  const params = layer.parameters();
  const forward = (): void => {
    const { output: y, state } = layer.call(x);
    y.dataSync();
    dispose([y, ...state]);
  };
  const train = (): void => {
    const { value, grads } = variableGrads(() => mean(layer.forward(x)), params);
    if (grads.size !== params.length) throw new Error(`expected ${params.length} gradients, got ${grads.size}`);
    value.dataSync();
    for (const g of grads.values()) g.dataSync();
    dispose([value, ...grads.values()]);
  };
  const cells: PassCells = {};
  const diff = reference === null ? 0 : maxAbsDiff(output, reference);
  for (const pass of passes) {
    const cell = timeCell(pass === 'forward' ? forward : train, plan(pass), () => numHandles());
    cells[pass] =
      pass === 'forward' && diff > tolerance && 'stats' in cell
        ? { ...cell, note: `output differs from wasm 1t by ${diff.toExponential(1)}${cell.note === undefined ? '' : `; ${cell.note}`}` }
        : cell;
  }
  layer.dispose();
  x.dispose();
  return { cells, output };
}

/** C = A·B for n×n float32, read back. */
export function runOurMatmul(b: OurBackend, n: number, plan: MeasureOptions): MatrixCell {
  setBackend(b.backend);
  const generator = new Generator(1);
  const a = uniform([n, n], { generator, low: -1, high: 1 });
  const bm = uniform([n, n], { generator, low: -1, high: 1 });
  const cell = timeCell(
    () => {
      const c = matmul(a, bm);
      c.dataSync();
      c.dispose();
    },
    plan,
    () => numHandles(),
  );
  dispose([a, bm]);
  return cell;
}
