/** Shared by the ONNX tests: running bytes in onnxruntime and comparing with our tensors. */
import { fromArray, Generator, uniform, type Tensor } from '@rnn/tensor';
import * as ort from 'onnxruntime-node';

/** A float32 or int32 array and its dims, as a graph input or output. */
export interface Feed {
  readonly data: Float32Array | Int32Array;
  readonly dims: readonly number[];
}

/** Runs `bytes` in onnxruntime-node on `feeds`; every output as float32 with its dims. */
export async function runOnnxruntime(bytes: Uint8Array, feeds: Readonly<Record<string, Feed>>): Promise<Record<string, Feed>> {
  // Severity 3: errors only; shape-merge warnings would flood the test log.
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, { data, dims }]) => [name, new ort.Tensor(data instanceof Int32Array ? 'int32' : 'float32', data, [...dims])]));
    const results = await session.run(inputs);
    return Object.fromEntries(Object.entries(results).map(([name, t]) => [name, { data: Float32Array.from(t.data as Float32Array), dims: [...t.dims] }]));
  } finally {
    await session.release();
  }
}

/** A seeded uniform float32 input in [-1, 1) and the same values as a tensor. */
export function randomInput(dims: readonly number[], seed: number): { feed: Feed; tensor: Tensor } {
  const tensor = uniform([...dims], { generator: new Generator(seed), low: -1, high: 1 });
  return { feed: { data: Float32Array.from(tensor.dataSync()), dims }, tensor };
}

/** Seeded int32 ids in [0, vocab) as a feed and a tensor. */
export function randomIds(dims: readonly number[], vocab: number, seed: number): { feed: Feed; tensor: Tensor } {
  let state = seed >>> 0 || 1;
  const data = Int32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => {
    // xorshift32: any fixed sequence of valid ids will do.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % vocab;
  });
  return { feed: { data, dims }, tensor: fromArray(data, { shape: [...dims], dtype: 'int32' }) };
}

/** The largest |a − b| over two equally long arrays (Infinity when the lengths differ). */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(max) ? Infinity : max;
}
