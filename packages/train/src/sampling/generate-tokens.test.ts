import { beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend, fromArray, Generator, numHandles, setBackend, type Backend } from '@rnn/tensor';
import { GRU, LanguageModel } from '@rnn/layers';
import { generateTokens, generateTokensAsync } from './generate-tokens.js';
import { sampleFromLogits } from './sample-from-logits.js';

beforeAll(() => setBackend(createCpuBackend()));

function model(): LanguageModel {
  const generator = new Generator(0);
  return new LanguageModel({ vocabSize: 6, rnn: new GRU({ inputSize: 6, hiddenSize: 8, generator }), generator }).eval();
}

describe('generateTokens', () => {
  it('greedy generation equals feeding the whole sequence back each time and taking the argmax', () => {
    const lm = model();
    const ids = [...generateTokens(lm, [1, 2, 3], { length: 5, temperature: 0 })];
    expect(ids).toHaveLength(5);
    const seen = [1, 2, 3];
    for (const id of ids) {
      const logits = lm.forward(fromArray(seen.map((s) => [s]), { dtype: 'int32' }));
      const row = fromArray([Array.from(logits.dataSync().slice((seen.length - 1) * 6, seen.length * 6))]);
      expect(id).toBe(sampleFromLogits(row, { temperature: 0 })[0]);
      seen.push(id);
    }
  });

  it('is seeded, frees its state when the caller stops early, and refuses an empty prime', () => {
    const lm = model();
    const draw = (): number[] => [...generateTokens(lm, [0], { length: 8, temperature: 1, generator: new Generator(3) })];
    expect(draw()).toEqual(draw());
    const before = numHandles();
    for (const id of generateTokens(lm, [0, 1], { length: 100, temperature: 1, topK: 2, generator: new Generator(4) })) if (id >= 0) break;
    expect(numHandles()).toBe(before);
    expect(() => [...generateTokens(lm, [], { length: 3, temperature: 0 })]).toThrow(/prime is empty/);
  });

  it('has an async twin that gives the same ids and runs where reads are asynchronous only (WebGPU)', async () => {
    const cpu = createCpuBackend();
    // The cpu backend as an async-only one: any synchronous read would throw.
    const asyncOnly: Backend = { ...cpu, caps: { ...cpu.caps, syncRead: false }, readSync: undefined };
    const options = { length: 12, temperature: 0.9, topK: 4 };
    const sync = [...generateTokens(model(), [2, 3], { ...options, generator: new Generator(11) })];
    setBackend(asyncOnly);
    try {
      const lm = model();
      const ids: number[] = [];
      for await (const id of generateTokensAsync(lm, [2, 3], { ...options, generator: new Generator(11) })) ids.push(id);
      expect(ids).toEqual(sync);
      expect(() => [...generateTokens(lm, [2], { length: 1, temperature: 0 })]).toThrow(/synchronous|sync/i);
    } finally {
      setBackend(cpu);
    }
  });
});
