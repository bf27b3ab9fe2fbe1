/**
 * tfjs: `tf.layers.lstm` / `tf.layers.gru` from @tensorflow/tfjs-layers on two backends,
 * @tensorflow/tfjs-backend-wasm (XNNPACK; one thread — in Node it has no worker support) and
 * @tensorflow/tfjs-backend-cpu (pure JavaScript).
 *
 * - The layers get the case's weights in Keras's layout: `kernel` [I, gates·H] = W_ihᵀ,
 *   `recurrent_kernel` [H, gates·H] = W_hhᵀ, one `bias` = b_ih + b_hh. LSTM gates i,f,c,o are
 *   PyTorch's i,f,g,o; GRU gates are z,r,h (PyTorch r,z,n). tfjs-layers' GRU is reset-before only
 *   (it throws on `resetAfter: true`), so it runs the `gru-before` case only.
 * - `recurrentActivation: 'sigmoid'` (tfjs's default is the cheaper hard sigmoid), so every
 *   library computes the same gates; the forward output is checked against ours.
 * - forward: `layer.apply(x)` on batch-major [B, T, I], read back (`dataSync`). train step:
 *   `tf.variableGrads(() => tf.mean(layer.apply(x)), weights)`, the loss and every gradient read
 *   back; no optimizer. `tf.memory().numTensors` must be the same before and after each case.
 */
import type { MatrixCell, MeasureOptions } from '@rnn/bench';
import { maxAbsDiff, quietTfjsBanner, trainableVariables, type Pass } from '@rnn/bench';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu'; // registers tfjs's 'cpu' backend
import { version_wasm } from '@tensorflow/tfjs-backend-wasm'; // registers tfjs's 'wasm' backend
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { reorderGateRows } from './onnx-model.js';
import { allPasses, errorMessage, swapLeadingAxes, timeCell, type Case, type PassCells, type PassPlan } from './common.js';

export type TfjsBackendName = 'wasm' | 'cpu';

export const TFJS_VERSIONS = { core: tf.version_core, layers: tfl.version_layers, wasm: version_wasm, cpu: version_cpu };

export interface TfjsSetup {
  /** Whether tfjs-backend-wasm found WebAssembly SIMD (it then loads tfjs-backend-wasm-simd.wasm). */
  readonly wasmSimd: boolean;
  /** Whether it could use threads (not in Node: it has no worker_threads support). */
  readonly wasmThreads: boolean;
}

/**
 * Checks what tfjs-backend-wasm will use and pins it to one thread. In Node it loads its .wasm
 * files from its own dist/ folder (next to the module), so no `setWasmPaths` is needed.
 */
export async function setUpTfjs(): Promise<TfjsSetup> {
  const wasmSimd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const wasmThreads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // one thread, whatever the runtime offers
  await useTfjs('cpu');
  quietTfjsBanner(tf);
  return { wasmSimd, wasmThreads };
}

export async function useTfjs(name: TfjsBackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: the ${name} backend did not initialize`);
  await tf.ready();
}

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/** The case's weights in Keras's layout and gate order: [kernel, recurrentKernel, bias]. */
function kerasWeights(c: Case): tf.Tensor[] {
  const { inputSize: I, hiddenSize: H } = c.weights;
  const order = c.weights.cell === 'lstm' ? [0, 1, 2, 3] : [1, 0, 2];
  const G = order.length;
  const ih = reorderGateRows(c.weights.weightIh, H, I, order);
  const hh = reorderGateRows(c.weights.weightHh, H, H, order);
  const biasHh = reorderGateRows(c.weights.biasHh, H, 1, order);
  const bias = reorderGateRows(c.weights.biasIh, H, 1, order).map((v, i) => v + biasHh[i]!);
  return [tf.tensor2d(transpose2d(ih, G * H, I), [I, G * H]), tf.tensor2d(transpose2d(hh, G * H, H), [H, G * H]), tf.tensor1d(bias)];
}

/** `layer.apply` on a concrete tensor runs eagerly and returns a tensor; narrow its wide return type. */
function applyEager(layer: tfl.layers.Layer, x: tf.Tensor): tf.Tensor {
  const y = layer.apply(x);
  if (!(y instanceof tf.Tensor)) throw new Error('tfjs-layers: apply on a tensor did not return one tensor');
  return y;
}

/**
 * Forward and train step of one case on tfjs's current backend. `reference` is our forward
 * output [T, B, H]; a difference over `tolerance` becomes a note.
 */
export function runTfjsCase(c: Case, passes: readonly Pass[], plan: PassPlan, reference: Float32Array | null, tolerance: number): PassCells {
  if (c.variant === 'gru-after') return {};
  const { batch: B, steps: T, input: I, hidden: H } = c.size;
  let layer: tfl.layers.Layer;
  let x: tf.Tensor;
  let diff = 0;
  try {
    const common = { units: H, returnSequences: true, recurrentActivation: 'sigmoid' as const, recurrentInitializer: 'glorotUniform' as const };
    layer = c.variant === 'lstm' ? tfl.layers.lstm(common) : tfl.layers.gru(common);
    x = tf.tensor3d(swapLeadingAxes(c.x, T, B, I), [B, T, I]);
    tf.tidy(() => {
      applyEager(layer, x).dispose(); // builds the weights (and is the forward pass's first call)
    });
    const weights = kerasWeights(c);
    layer.setWeights(weights);
    tf.dispose(weights);
    if (reference !== null) {
      const y = tf.tidy(() => applyEager(layer, x));
      diff = maxAbsDiff(swapLeadingAxes(y.dataSync() as Float32Array, B, T, H), reference);
      y.dispose();
    }
  } catch (e) {
    return allPasses({ missing: `failed: ${errorMessage(e)}` }, passes);
  }
  const vars = trainableVariables(layer, (t): t is tf.Variable => t instanceof tf.Variable);
  const forward = (): void => {
    tf.tidy(() => {
      applyEager(layer, x).dataSync();
    });
  };
  const train = (): void => {
    const { value, grads } = tf.variableGrads(() => tf.mean<tf.Scalar>(applyEager(layer, x)), vars);
    const list = Object.values(grads);
    if (list.length !== vars.length) throw new Error(`expected ${vars.length} gradients, got ${list.length}`);
    value.dataSync();
    for (const g of list) g.dataSync();
    tf.dispose([value, ...list]);
  };
  const cells: PassCells = {};
  for (const pass of passes) {
    const cell: MatrixCell = timeCell(pass === 'forward' ? forward : train, plan(pass), () => tf.memory().numTensors, 'tensors');
    cells[pass] =
      pass === 'forward' && diff > tolerance && 'stats' in cell ? { ...cell, note: `output differs from ours by ${diff.toExponential(1)}` } : cell;
  }
  layer.dispose();
  x.dispose();
  return cells;
}

/** C = A·B for n×n float32 on tfjs's current backend, read back. */
export function runTfjsMatmul(n: number, plan: MeasureOptions): MatrixCell {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const cell = timeCell(
    () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    },
    plan,
    () => tf.memory().numTensors,
    'tensors',
  );
  tf.dispose([a, b]);
  return cell;
}
