// A whole training loop on the GPU, as a user writes it with `fit`: a character language model
// (embedding, LSTM, dense head), cross-entropy, gradient clipping and Adam. The loss falls,
// numHandles() stays flat, and once the pool is warm (a dozen steps) no step creates a buffer.
import { LanguageModel, LSTM } from '@rnn/layers';
import { fromArray, Generator, numHandles, setBackend } from '@rnn/tensor';
import { Adam, crossEntropy, fit, type Callback } from '@rnn/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from './backend.js';
import { createTestBackend, noGpuReason } from './testing/gpu.js';

describe.skipIf(noGpuReason !== null)('a training loop on the webgpu backend', () => {
  let backend: WebGpuBackend;
  beforeAll(async () => {
    backend = await createTestBackend();
    setBackend(backend);
  });
  afterAll(() => {
    backend.destroy();
  });

  it('learns, holds numHandles() flat and allocates nothing after its first steps', async () => {
    const generator = new Generator(0);
    const vocabSize = 5;
    const model = new LanguageModel({ vocabSize, rnn: new LSTM({ inputSize: 8, hiddenSize: 16, generator }), embeddingDim: 8, generator });
    const optimizer = new Adam(model.parameters(), { lr: 2e-2 });
    // A cyclic sequence 0 1 2 3 4 0 1 …: every next token is determined by the current one.
    const ids = Array.from({ length: 9 * 4 }, (_, i) => i % vocabSize);
    const batch = {
      x: fromArray(Int32Array.from(ids.slice(0, 32)), { shape: [8, 4], dtype: 'int32' }),
      y: fromArray(Int32Array.from(ids.slice(4, 36)), { shape: [8, 4], dtype: 'int32' }),
    };
    const seen: { step: number; handles: number; buffers: number }[] = [];
    const probe: Callback = {
      onStepEnd: ({ step }) => {
        seen.push({ step, handles: numHandles(), buffers: backend.stats().buffersCreated });
      },
    };
    const result = await fit({
      model,
      optimizer,
      data: { [Symbol.iterator]: function* () { for (;;) yield batch; } },
      loss: ({ x, y }) => crossEntropy(model.forward(x), y),
      steps: 40,
      clipNorm: 1,
      callbacks: [probe],
    });
    const losses = result.history.map((h) => h.loss);
    expect(losses[0]!).toBeGreaterThan(1.2);
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
    // The pool settles within the first steps (which freed buffers may be written again depends
    // on where submits fall); from then on every step reuses them.
    const warm = seen[14]!;
    for (const s of seen.slice(15)) {
      expect(s.handles, `numHandles after step ${s.step}`).toBe(warm.handles);
      expect(s.buffers, `buffers created by step ${s.step}`).toBe(warm.buffers);
    }
    optimizer.dispose();
    model.dispose();
    batch.x.dispose();
    batch.y.dispose();
  });
});
