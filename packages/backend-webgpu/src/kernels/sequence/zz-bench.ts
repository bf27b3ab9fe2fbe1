import { LSTM } from '@rnn/layers';
import { fromArray, Generator, setBackend, dispose } from '@rnn/tensor';
import '../../testing/setup.js';
import { create, globals } from 'webgpu';
import { createWebGpuBackend } from '../../index.js';
Object.assign(globalThis, globals);
(globalThis as any).navigator ??= {};
(globalThis as any).navigator.gpu ??= create([]);
const backend = await createWebGpuBackend();
setBackend(backend);
const [B, T, I, H] = [32, 64, 128, 256];
const layer = new LSTM({ inputSize: I, hiddenSize: H, generator: new Generator(0) });
const xs = new Float32Array(T * B * I).map((_, i) => Math.sin(i));
const x = fromArray(xs, { shape: [T, B, I] });
const times: number[] = [];
for (let r = 0; r < Number(process.env.RUNS ?? 5); r++) {
  const s = performance.now();
  const { output, state } = layer.call(x);
  const d = await output.data();
  times.push(performance.now() - s);
  if (r === 0) console.log('checksum', Array.from(d).reduce((a, v) => a + v, 0));
  dispose([output, ...state]);
}
times.sort((a, b) => a - b);
console.log('forward ms', times.map((t) => t.toFixed(0)).join(' '), 'median', times[times.length >> 1]!.toFixed(0));
process.exit(0);
