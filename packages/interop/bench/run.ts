/**
 * Inference on an exported model: our `LanguageModel` against onnxruntime-node running the very
 * file `exportOnnx` wrote from it, in this one process run. The model is the char-rnn of
 * `rnn train`'s defaults — one-hot input over a 65-character vocabulary, a 2-layer LSTM of 128
 * units, a dense head — on B = 32 sequences of T = 50 characters, float32:
 *
 * - **ours**: `model.forward(ids)` with the logits read back, on the WebAssembly backend
 *   (`createWasmBackend({ threads: 'auto' })`, its fused LSTM sequence kernel);
 * - **onnxruntime-node**: `session.run({ input })` on its default CPU execution provider
 *   (native C++, its own thread pool), the logits returned as a Float32Array.
 *
 * Both compute the same numbers (the interop tests check it to 1e-5); the rows say how long
 * each takes. Export and import themselves are timed too, ours only.
 *
 *   pnpm --filter @rnn/interop bench             # about a minute on 2 cores
 *   node --import tsx bench/run.ts --quick       # T = 10, a smoke run
 */
import { parseArgs } from 'node:util';
import { measure, measureAsync, report, type BenchRow, type MeasureOptions } from '@rnn/bench';
import { createWasmBackend } from '@rnn/backend-wasm';
import { fromArray, Generator, setBackend } from '@rnn/tensor';
import { LanguageModel, LSTM } from '@rnn/layers';
import * as ort from 'onnxruntime-node';
import { exportOnnx, importOnnx } from '../src/index.js';

const VOCAB = 65;
const HIDDEN = 128;
const LAYERS = 2;
const BATCH = 32;
const PLAN: MeasureOptions = { warmup: 3, minWarmupMs: 500, minRuns: 10, minTimeMs: 2000 };

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { quick: { type: 'boolean' } }, strict: true });
const steps = values.quick === true ? 10 : 50;

const backend = await createWasmBackend({ threads: 'auto' });
setBackend(backend);
const generator = new Generator(1);
const model = new LanguageModel({ vocabSize: VOCAB, rnn: new LSTM({ inputSize: VOCAB, hiddenSize: HIDDEN, numLayers: LAYERS, generator }), generator }).eval();
const idData = Int32Array.from({ length: steps * BATCH }, (_, i) => (i * 7919) % VOCAB);
const ids = fromArray(idData, { shape: [steps, BATCH], dtype: 'int32' });

const bytes = exportOnnx(model);
const session = await ort.InferenceSession.create(bytes);
const feeds = { input: new ort.Tensor('int32', idData, [steps, BATCH]) };

const ours = measure(() => {
  const logits = model.forward(ids);
  logits.dataSync();
  logits.dispose();
}, PLAN);
const theirs = await measureAsync(async () => {
  const result = await session.run(feeds);
  if (!(result.output?.data instanceof Float32Array)) throw new Error('onnxruntime returned no float32 output');
}, PLAN);
const exportStats = measure(() => exportOnnx(model), PLAN);
const importStats = measure(() => {
  importOnnx(bytes).dispose();
}, PLAN);

const ms = (stats: typeof ours): { value: number; unit: string; stats: typeof ours } => ({ value: stats.median, unit: 'ms', stats });
const rows: BenchRow[] = [
  { name: `char-LM forward T=${steps} B=${BATCH}`, ours: ms(ours), peer: ms(theirs), better: 'lower', note: `@rnn on wasm (${backend.info.variant}, ${backend.info.threads} threads) vs onnxruntime-node CPU` },
  { name: `exportOnnx (${(bytes.length / 1024).toFixed(0)} KiB)`, ours: ms(exportStats), peer: null, better: 'lower' },
  { name: 'importOnnx', ours: ms(importStats), peer: null, better: 'lower' },
];
report({
  title: `@rnn/interop: a char LSTM (one-hot ${VOCAB}, ${LAYERS}×${HIDDEN}) by @rnn on wasm vs onnxruntime-node ${ort.env.versions.node ?? ''} on the exported file (same process; median ms per call)`,
  rows,
  labels: { ours: '@rnn ms', peer: 'onnxruntime ms' },
  notes: ['forward: logits for the whole batch of ids, read back as numbers. Both sides compute the same values (checked to 1e-5 by the tests).'],
  json: { package: '@rnn/interop', steps, batch: BATCH },
});
await session.release();
ids.dispose();
model.dispose();
backend.destroy();
