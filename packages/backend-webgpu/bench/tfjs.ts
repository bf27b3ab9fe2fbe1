/**
 * The peer: tfjs-layers' `tf.layers.lstm` / `tf.layers.gru` on @tensorflow/tfjs-backend-webgpu,
 * in Node through Dawn (the `webgpu` package) — the same driver our backend gets.
 *
 * - Same weights in Keras's layout (kernel = W_ihᵀ, recurrent_kernel = W_hhᵀ, one bias =
 *   b_ih + b_hh; gates i,f,c,o = PyTorch's i,f,g,o; GRU z,r,h = PyTorch's r,z,n reordered),
 *   `recurrentActivation: 'sigmoid'`. tfjs-layers' GRU is reset-before only.
 * - forward: `layer.apply(x)` on batch-major [B, T, I], `await data()`. train step:
 *   `tf.variableGrads(() => tf.mean(layer.apply(x)), weights)`, loss and gradients read back.
 * - Its outputs are checked against ours (wasm) by the caller.
 */
import { quietTfjsBanner, trainableVariables, type Pass } from '@rnn/bench';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { errorMessage, timeAsync, type Case, type Timed } from './common.js';

/** tfjs-backend-webgpu exports no version; it is released with tfjs-core. */
export const TFJS_VERSIONS = { core: tf.version_core, layers: tfl.version_layers };

/**
 * Installs Dawn's globals and a `navigator.gpu` on `gpu` (the caller keeps it referenced for the
 * whole run: `webgpu` 0.6 crashes when that object is collected while a device lives), then
 * loads tfjs-backend-webgpu and makes it tfjs's backend. Resolves to null, or why it failed.
 */
export async function setUpTfjsWebGpu(gpu: GPU, globals: Record<string, unknown>): Promise<string | null> {
  try {
    Object.assign(globalThis, globals);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
    // After the globals: the module reads GPUBufferUsage and friends when it loads.
    await import('@tensorflow/tfjs-backend-webgpu'); // registers tfjs's 'webgpu' backend
    if (!(await tf.setBackend('webgpu'))) return 'tfjs-backend-webgpu did not initialize';
    await tf.ready();
    quietTfjsBanner(tf);
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

/** Rows of the gate blocks of `data` ([gates·H, cols]) in the order `order` (new block i = old order[i]), transposed to [cols, gates·H]. */
function kerasKernel(data: Float32Array, hidden: number, cols: number, order: readonly number[]): Float32Array {
  const width = order.length * hidden;
  const out = new Float32Array(data.length);
  order.forEach((from, to) => {
    for (let h = 0; h < hidden; h++) {
      const row = (from * hidden + h) * cols;
      for (let c = 0; c < cols; c++) out[c * width + to * hidden + h] = data[row + c]!;
    }
  });
  return out;
}

function kerasWeights(c: Case): tf.Tensor[] {
  const { input: I, hidden: H } = c.size;
  const order = c.variant === 'lstm' ? [0, 1, 2, 3] : [1, 0, 2];
  const G = order.length;
  const bias = kerasKernel(c.biasIh.map((v, i) => v + c.biasHh[i]!), H, 1, order);
  return [tf.tensor2d(kerasKernel(c.weightIh, H, I, order), [I, G * H]), tf.tensor2d(kerasKernel(c.weightHh, H, H, order), [H, G * H]), tf.tensor1d(bias)];
}

const isVariable = (t: unknown): t is tf.Variable => t instanceof tf.Variable;

function applyEager(layer: tfl.layers.Layer, x: tf.Tensor): tf.Tensor {
  const y = layer.apply(x);
  if (!(y instanceof tf.Tensor)) throw new Error('tfjs-layers: apply on a tensor did not return one tensor');
  return y;
}

/** [B, T, F] ↔ [T, B, F]. */
export function swapLeadingAxes(data: Float32Array, d0: number, d1: number, inner: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < d0; i++) {
    for (let j = 0; j < d1; j++) out.set(data.subarray((i * d1 + j) * inner, (i * d1 + j + 1) * inner), (j * d0 + i) * inner);
  }
  return out;
}

/** Forward and train step of one case (not `gru-after`: tfjs-layers has no reset-after GRU). Forward outputs come back time-major [T, B, H]. */
export async function runTfjsCase(c: Case, passes: readonly Pass[]): Promise<Partial<Record<Pass, Timed>>> {
  const { batch: B, steps: T, input: I, hidden: H } = c.size;
  const results: Partial<Record<Pass, Timed>> = {};
  let layer: tfl.layers.Layer;
  let x: tf.Tensor;
  let vars: tf.Variable[];
  try {
    const common = { units: H, returnSequences: true, recurrentActivation: 'sigmoid' as const, recurrentInitializer: 'glorotUniform' as const };
    layer = c.variant === 'lstm' ? tfl.layers.lstm(common) : tfl.layers.gru(common);
    x = tf.tensor3d(swapLeadingAxes(c.x, T, B, I), [B, T, I]);
    // Builds the weights (the first call compiles its shaders too; the timing warms up again).
    tf.tidy(() => {
      applyEager(layer, x).dispose();
    });
    const weights = kerasWeights(c);
    layer.setWeights(weights);
    tf.dispose(weights);
    vars = trainableVariables(layer, isVariable);
  } catch (e) {
    const failed: Timed = { cell: { missing: `failed: ${errorMessage(e)}` }, outputs: null };
    for (const p of passes) results[p] = failed;
    return results;
  }
  const forward = async (): Promise<Float32Array[]> => {
    const y = applyEager(layer, x);
    try {
      return [swapLeadingAxes((await y.data()) as Float32Array, B, T, H)];
    } finally {
      y.dispose();
    }
  };
  const train = async (): Promise<Float32Array[]> => {
    const { value, grads } = tf.variableGrads(() => tf.mean<tf.Scalar>(applyEager(layer, x)), vars);
    const list = Object.values(grads);
    try {
      const [loss] = await Promise.all([value, ...list].map((t) => t.data()));
      return [loss as Float32Array]; // the loss only: tfjs's gradients are in Keras's layout
    } finally {
      tf.dispose([value, ...list]);
    }
  };
  for (const pass of passes) results[pass] = await timeAsync(pass === 'forward' ? forward : train, () => tf.memory().numTensors);
  layer.dispose();
  x.dispose();
  return results;
}

/** C = A·B for n×n float32 on tfjs-webgpu, read back. */
export async function runTfjsMatmul(n: number, a: Float32Array, b: Float32Array): Promise<Timed> {
  const ta = tf.tensor2d(a, [n, n]);
  const tb = tf.tensor2d(b, [n, n]);
  const timed = await timeAsync(async () => {
    const c = tf.matMul(ta, tb);
    try {
      return [(await c.data()) as Float32Array];
    } finally {
      c.dispose();
    }
  }, () => tf.memory().numTensors);
  tf.dispose([ta, tb]);
  return timed;
}
